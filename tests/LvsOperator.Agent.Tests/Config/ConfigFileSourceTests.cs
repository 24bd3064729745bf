using System.Diagnostics;
using System.Text;
using System.Threading.Channels;
using LvsOperator.Agent.Config;
using LvsOperator.Agent.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace LvsOperator.Agent.Tests.Config;

public sealed class ConfigFileSourceTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("lvs-agent-config-").FullName;
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<ConfigFileRead> _seen = Channel.CreateUnbounded<ConfigFileRead>();
    private Task _watching = Task.CompletedTask;

    private string FilePath => Path.Combine(_directory, "services.yaml");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        await _watching.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Yields_the_file_at_start_and_again_after_an_in_place_edit()
    {
        await File.WriteAllTextAsync(FilePath, "one");
        Start();
        Assert.Equal("one", await NextAsync());

        await File.WriteAllTextAsync(FilePath, "two");

        Assert.Equal("two", await NextAsync());
    }

    [Fact]
    public async Task Sees_a_file_replaced_by_rename_as_editors_do()
    {
        await File.WriteAllTextAsync(FilePath, "before");
        Start();
        Assert.Equal("before", await NextAsync());

        var temporary = Path.Combine(_directory, ".services.yaml.swp");
        await File.WriteAllTextAsync(temporary, "after");
        File.Move(temporary, FilePath, overwrite: true);

        Assert.Equal("after", await NextAsync());
    }

    [Fact]
    public async Task Does_not_yield_a_rewrite_with_the_same_content()
    {
        await File.WriteAllTextAsync(FilePath, "same");
        Start();
        Assert.Equal("same", await NextAsync());

        await File.WriteAllTextAsync(FilePath, "same");
        await Task.Delay(300); // let the watcher and the poll see the rewrite before the real change
        await File.WriteAllTextAsync(FilePath, "different");

        Assert.Equal("different", await NextAsync());
    }

    [Fact]
    public async Task Reports_a_missing_file_once_and_yields_it_once_it_appears()
    {
        Start();
        Assert.Equal($"cannot open {FilePath}: No such file or directory", await NextProblemAsync());

        await File.WriteAllTextAsync(FilePath, "late");

        Assert.Equal("late", await NextAsync());
    }

    [Fact]
    public async Task A_file_that_vanishes_is_reported_and_the_same_content_is_yielded_again_when_it_returns()
    {
        await File.WriteAllTextAsync(FilePath, "kept");
        Start();
        Assert.Equal("kept", await NextAsync());

        File.Delete(FilePath);
        Assert.Contains("No such file or directory", await NextProblemAsync(), StringComparison.Ordinal);

        await File.WriteAllTextAsync(FilePath, "kept"); // must apply again, or the problem would stay reported forever

        Assert.Equal("kept", await NextAsync());
    }

    [Fact]
    public async Task A_directory_in_place_of_the_file_is_a_problem()
    {
        Directory.CreateDirectory(FilePath);
        Start();

        Assert.Equal($"{FilePath} is a directory, not a file", await NextProblemAsync());
    }

    [Fact]
    public async Task A_fifo_in_place_of_the_file_is_a_problem_not_a_reload_loop_blocked_forever()
    {
        using (var mkfifo = Process.Start("mkfifo", [FilePath]))
        {
            await mkfifo.WaitForExitAsync();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        Start();

        Assert.Equal($"{FilePath} is not a regular file (a FIFO, socket or device)", await NextProblemAsync());
    }

    [Fact]
    public async Task A_link_to_a_device_that_never_ends_is_a_problem()
    {
        File.CreateSymbolicLink(FilePath, "/dev/zero");
        Start();

        Assert.Equal($"{FilePath} is not a regular file (a FIFO, socket or device)", await NextProblemAsync());
    }

    [Fact]
    public async Task A_file_over_the_size_limit_is_refused_without_being_read()
    {
        await using (var sparse = File.Create(FilePath))
        {
            sparse.SetLength(64L << 20); // a hole: no disk and no time to write, 64 MiB to a reader
        }

        Start(sizeLimit: 4 << 20);

        Assert.Equal($"{FilePath} is 67,108,864 bytes, over the limit of 4,194,304 bytes (--config-size-limit); it was not read", await NextProblemAsync());
    }

    [Fact]
    public async Task A_file_exactly_at_the_size_limit_is_read()
    {
        await File.WriteAllTextAsync(FilePath, new string('#', 4096));
        Start(sizeLimit: 4096);

        Assert.Equal(4096, (await NextAsync()).Length);
    }

    [Fact]
    public async Task Invalid_utf8_is_a_problem_with_its_position_not_replaced_characters()
    {
        await File.WriteAllBytesAsync(FilePath, [.. Encoding.UTF8.GetBytes("kind: VirtualService\nname: caf"), 0xE9, .. "\n"u8]); // Latin-1 é
        Start();

        Assert.Equal($"{FilePath}: not valid UTF-8: byte 0xE9 at line 2, column 10 (byte offset 30) does not belong to a UTF-8 character", await NextProblemAsync());
    }

    private void Start(int sizeLimit = AgentOptions.DefaultConfigSizeLimit)
    {
        var source = new ConfigFileSource(FilePath, sizeLimit, TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(250), TimeProvider.System,
            NullLogger<ConfigFileSource>.Instance);
        _watching = Task.Run(async () =>
        {
            await foreach (var text in source.WatchAsync(_stop.Token))
            {
                await _seen.Writer.WriteAsync(text);
            }
        });
    }

    private async Task<string> NextAsync()
    {
        var next = await NextReadAsync();
        Assert.True(next.IsUsable, next.Problem);
        return next.Yaml;
    }

    private async Task<string> NextProblemAsync()
    {
        var next = await NextReadAsync();
        Assert.False(next.IsUsable, $"expected a problem, got the text {next.Yaml}");
        return next.Problem;
    }

    private async Task<ConfigFileRead> NextReadAsync()
    {
        using var limit = new CancellationTokenSource(Eventually.Limit);
        return await _seen.Reader.ReadAsync(limit.Token);
    }
}
