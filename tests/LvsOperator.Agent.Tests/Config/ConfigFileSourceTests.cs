using System.Threading.Channels;
using LvsOperator.Agent.Config;
using LvsOperator.Agent.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace LvsOperator.Agent.Tests.Config;

public sealed class ConfigFileSourceTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("lvs-agent-config-").FullName;
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<string> _seen = Channel.CreateUnbounded<string>();
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
    public async Task Waits_for_a_missing_file_and_yields_it_once_it_appears()
    {
        Start();
        await Task.Delay(100);

        await File.WriteAllTextAsync(FilePath, "late");

        Assert.Equal("late", await NextAsync());
    }

    private void Start()
    {
        var source = new ConfigFileSource(FilePath, TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(250), TimeProvider.System,
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
        using var limit = new CancellationTokenSource(Eventually.Limit);
        return await _seen.Reader.ReadAsync(limit.Token);
    }
}
