using System.Diagnostics;
using LvsOperator.Sandbox.Network;
using LvsOperator.Sandbox.Processes;
using LvsOperator.Sandbox.Tests.Network;

namespace LvsOperator.Sandbox.Tests.Processes;

[Collection(NetnsCollection.Name)]
public sealed class ProcessRunnerTests
{
    [Fact]
    public async Task Captures_both_streams_and_the_exit_code_and_feeds_standard_input()
    {
        var result = await ProcessRunner.ExecuteAsync(
            ProcessCommand.Of("sh", "-c", "read line; echo \"out $line\"; echo \"err $line\" >&2; exit 3") with { StandardInput = "hello\n" });

        Assert.Equal(3, result.ExitCode);
        Assert.False(result.Succeeded);
        Assert.Equal("out hello\n", result.Stdout);
        Assert.Equal("err hello\n", result.Stderr);
        var failure = Assert.Throws<InvalidOperationException>(() => result.EnsureSuccess());
        Assert.Contains("exited 3: err hello", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_returns_stdout_and_throws_with_stderr_on_failure()
    {
        Assert.Equal("a b\n", ProcessRunner.Run("echo", "a b"));
        var failure = Assert.Throws<InvalidOperationException>(() => ProcessRunner.Run("ls", "/no/such/path"));
        Assert.Contains("ls /no/such/path exited", failure.Message, StringComparison.Ordinal);
        Assert.False(ProcessRunner.TryRun("false").Succeeded);
    }

    [Fact]
    public async Task Sets_and_removes_environment_variables_and_the_working_directory()
    {
        Environment.SetEnvironmentVariable("LVS_PROCESS_RUNNER_TEST_REMOVED", "still here");
        try
        {
            var result = await ProcessRunner.ExecuteAsync(
                ProcessCommand.Of("sh", "-c", "echo \"$LVS_A|${LVS_PROCESS_RUNNER_TEST_REMOVED:-gone}|$(pwd)\"") with
                {
                    Environment = new Dictionary<string, string?> { ["LVS_A"] = "set", ["LVS_PROCESS_RUNNER_TEST_REMOVED"] = null },
                    WorkingDirectory = "/tmp",
                });

            Assert.Equal("set|gone|/tmp\n", result.Stdout);
        }
        finally
        {
            Environment.SetEnvironmentVariable("LVS_PROCESS_RUNNER_TEST_REMOVED", null);
        }
    }

    [Fact]
    public async Task A_command_past_its_timeout_is_killed_and_reported()
    {
        var clock = Stopwatch.StartNew();
        var timeout = await Assert.ThrowsAsync<TimeoutException>(() =>
            ProcessRunner.ExecuteAsync(ProcessCommand.Of("sleep", "30") with { Timeout = TimeSpan.FromMilliseconds(300) }));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
        Assert.Contains("sleep 30 did not finish within", timeout.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Runs_inside_a_network_namespace_through_ip_netns_exec()
    {
        using var namespaces = NamespaceSet.Create();
        var ns = namespaces.Add("p");

        var links = ProcessRunner.RunIn(ns, "ip", "-o", "link", "show");

        Assert.Equal($"ip netns exec {ns} ip -o link show", ProcessCommand.Of("ip", "-o", "link", "show").In(ns).ToString());
        Assert.Single(links.Split('\n', StringSplitOptions.RemoveEmptyEntries)); // only the namespace's own loopback
        Assert.Contains("lo:", links, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_long_running_process_hands_over_its_lines_and_stops_on_a_signal()
    {
        var lines = new List<string>();
        await using var process = ProcessRunner.Start(
            ProcessCommand.Of("sh", "-c", "trap 'echo stopping; exit 7' TERM; echo ready; while true; do sleep 0.05; done"),
            line =>
            {
                lock (lines)
                {
                    lines.Add(line);
                }
            });
        await WaitUntilAsync(() => process.Stdout.Contains("ready", StringComparison.Ordinal));

        Assert.False(process.HasExited);
        Assert.True(process.Signal(ProcessSignal.Terminate));
        var result = await process.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(7, result.ExitCode);
        Assert.Equal(7, process.ExitCode);
        Assert.Equal("ready\nstopping\n", result.Stdout);
        lock (lines)
        {
            Assert.Equal(["ready", "stopping"], lines);
        }
    }

    [Fact]
    public async Task Disposing_kills_a_process_that_still_runs_and_waiting_past_the_limit_kills_it_too()
    {
        var running = ProcessRunner.Start(ProcessCommand.Of("sleep", "60"));
        var pid = running.Id;
        Assert.True(Directory.Exists($"/proc/{pid}"));

        running.Dispose();

        Assert.True(running.HasExited);
        Assert.Null(running.ExitCode);
        await WaitUntilAsync(() => !Directory.Exists($"/proc/{pid}"));

        await using var stuck = ProcessRunner.Start(ProcessCommand.Of("sleep", "60"));
        await Assert.ThrowsAsync<TimeoutException>(() => stuck.WaitAsync(TimeSpan.FromMilliseconds(200)));
        Assert.True(stuck.HasExited);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), "condition not met within 10 s");
            await Task.Delay(20);
        }
    }
}
