using System.Text.Json;
using LvsOperator.Agent.Tests.Support;
using LvsOperator.Api;
using Microsoft.Extensions.Logging;
using static LvsOperator.Agent.Tests.Support.VirtualServices;

namespace LvsOperator.Agent.Tests.Config;

/// <summary>
/// The whole agent host, given config files it must refuse: each is reported (/readyz, /v1/services, the log) and the
/// last good configuration keeps forwarding. A failed BackgroundService would stop the host and all traffic with it.
/// </summary>
public sealed class BadConfigFileTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("lvs-agent-bad-config-").FullName;

    private string ConfigPath => Path.Combine(_directory, "services.yaml");

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_foreign_document_in_a_live_edit_is_reported_and_the_last_good_config_keeps_serving()
    {
        await File.WriteAllTextAsync(ConfigPath, Stream(Web()));
        await using var agent = await AgentHost.StartAsync(ConfigPath);
        await WaitAsync(agent, "/readyz", r => r.Status == 200, "the good config to apply");

        await File.WriteAllTextAsync(ConfigPath, Stream(Web(), Typo()));

        var services = await WaitAsync(agent, "/v1/services", r => r.Body.Contains("v1alpha2", StringComparison.Ordinal), "the rejection to show in /v1/services");
        var foreign = ForeignProblem(await File.ReadAllTextAsync(ConfigPath));
        Assert.Equal([foreign], LastErrorProblems(services.Body));
        var ready = await agent.GetAsync("/readyz");
        Assert.Equal(200, ready.Status);
        Assert.Contains(foreign, ready.Body, StringComparison.Ordinal);
        Assert.Equal(3, agent.Dataplane.Services.Services.Single().RealServers.Count);
        Assert.Contains(agent.Logs.Entries, l => l.Level == LogLevel.Error && l.Message.Contains(foreign, StringComparison.Ordinal));
        Assert.False(agent.IsStopping);
    }

    [Fact]
    public async Task A_foreign_first_file_starts_the_agent_with_no_services_and_a_fixed_file_applies_without_a_restart()
    {
        await File.WriteAllTextAsync(ConfigPath, Stream(Web(), Typo()));
        await using var agent = await AgentHost.StartAsync(ConfigPath);

        var ready = await WaitAsync(agent, "/readyz", r => r.Body.Contains("v1alpha2", StringComparison.Ordinal), "the rejection to show in /readyz");
        Assert.Equal(503, ready.Status);
        Assert.Contains(ForeignProblem(await File.ReadAllTextAsync(ConfigPath)), ready.Body, StringComparison.Ordinal);
        Assert.Equal(200, (await agent.GetAsync("/healthz")).Status);
        Assert.Empty(agent.Dataplane.Services.Services);

        await File.WriteAllTextAsync(ConfigPath, Stream(Web(), Web("dns", "198.18.0.101")));

        await WaitAsync(agent, "/readyz", r => r.Status == 200, "the fixed file to apply");
        Assert.Equal(2, agent.Dataplane.Services.Services.Count);
        Assert.False(agent.IsStopping);
    }

    [Fact]
    public async Task A_file_over_the_size_limit_is_rejected_unread()
    {
        await File.WriteAllTextAsync(ConfigPath, Stream(Web()));
        await using var agent = await AgentHost.StartAsync(ConfigPath, "--config-size-limit", "4096");
        await WaitAsync(agent, "/readyz", r => r.Status == 200, "the good config to apply");

        await File.WriteAllTextAsync(ConfigPath, Stream(Web()) + "\n# " + new string('x', 5000) + "\n");

        var services = await WaitAsync(agent, "/v1/services", r => r.Body.Contains("limit", StringComparison.Ordinal), "the size problem to show");
        Assert.Equal([$"{ConfigPath} is {new FileInfo(ConfigPath).Length:N0} bytes, over the limit of 4,096 bytes (--config-size-limit); it was not read"], LastErrorProblems(services.Body));
        Assert.Equal(200, (await agent.GetAsync("/readyz")).Status);
        Assert.Equal(3, agent.Dataplane.Services.Services.Single().RealServers.Count);
    }

    [Fact]
    public async Task A_reload_that_throws_is_reported_once_and_the_next_version_applies()
    {
        await File.WriteAllTextAsync(ConfigPath, Stream(Web()));
        await using var agent = await AgentHost.StartAsync(ConfigPath);
        await WaitAsync(agent, "/readyz", r => r.Status == 200, "the good config to apply");

        agent.Dataplane.InvokeFailure = new InvalidOperationException("the forwarder's queue is closed");
        await File.WriteAllTextAsync(ConfigPath, Stream(Web(backends: "198.18.1.11")));

        var services = await WaitAsync(agent, "/v1/services", r => r.Body.Contains("queue is closed", StringComparison.Ordinal), "the failure to show");
        Assert.Equal(
            ["the reload failed unexpectedly (InvalidOperationException: the forwarder's queue is closed); see the agent's log"],
            LastErrorProblems(services.Body));
        Assert.Single(agent.Logs.Entries, l => l.Exception is InvalidOperationException);
        Assert.False(agent.IsStopping);

        agent.Dataplane.InvokeFailure = null;
        await File.WriteAllTextAsync(ConfigPath, Stream(Web(backends: ["198.18.1.11", "198.18.1.12"])));

        await WaitAsync(agent, "/v1/services", r => !r.Body.Contains("lastError\": {", StringComparison.Ordinal), "the next version to apply");
        Assert.Equal(2, agent.Dataplane.Services.Services.Single().RealServers.Count);
    }

    /// <summary>A VirtualService whose apiVersion has a typo KubernetesClient does not know (it threw KeyNotFoundException).</summary>
    private static VirtualService Typo()
    {
        var typo = Web("dns", "198.18.0.101");
        typo.ApiVersion = "lvs.lvs-operator.dev/v1alpha2";
        return typo;
    }

    private static string ForeignProblem(string yaml)
    {
        var line = Array.FindIndex(yaml.Split('\n'), l => l.StartsWith("apiVersion: lvs.lvs-operator.dev/v1alpha2", StringComparison.Ordinal)) + 1;
        return $"document 2 (line {line}): apiVersion lvs.lvs-operator.dev/v1alpha2 kind VirtualService is not lvs.lvs-operator.dev/v1alpha1 VirtualService";
    }

    private static IReadOnlyList<string?> LastErrorProblems(string servicesJson)
    {
        using var document = JsonDocument.Parse(servicesJson);
        return [.. document.RootElement.GetProperty("config").GetProperty("lastError").GetProperty("problems").EnumerateArray().Select(p => p.GetString())];
    }

    /// <summary>Polls <paramref name="path"/>, failing at once if the host is shutting down rather than waiting out the limit.</summary>
    private static Task<(int Status, string Body)> WaitAsync(AgentHost agent, string path, Func<(int Status, string Body), bool> done, string what) =>
        Eventually.WaitAsync(
            async () =>
            {
                Assert.False(agent.IsStopping, $"the agent host stopped while waiting for {what}");
                return await agent.GetAsync(path);
            },
            done,
            what);
}
