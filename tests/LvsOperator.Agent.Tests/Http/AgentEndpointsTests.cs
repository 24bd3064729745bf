using System.Text.Json;
using LvsOperator.Agent.Tests.Support;
using LvsOperator.Api.AgentApi;
using LvsOperator.Cli.Ipvs;
using LvsOperator.Dataplane.Packets;

namespace LvsOperator.Agent.Tests.Http;

public sealed class AgentEndpointsTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("lvs-agent-http-").FullName;

    private string ConfigPath => Path.Combine(_directory, "services.yaml");

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Serves_health_readiness_and_the_services_of_the_config_file()
    {
        await File.WriteAllTextAsync(ConfigPath, Yaml.Web());
        await using var agent = await AgentHost.StartAsync(ConfigPath);

        await WaitReadyAsync(agent);
        Assert.Equal(200, (await agent.GetAsync("/healthz")).Status);
        using var services = JsonDocument.Parse((await agent.GetAsync("/v1/services")).Body);
        var root = services.RootElement;
        Assert.True(root.GetProperty("config").GetProperty("applied").GetBoolean());
        Assert.Equal(1024, root.GetProperty("connectionTableSize").GetInt32());
        var service = root.GetProperty("services").EnumerateArray().Single();
        Assert.Equal(("TCP", "198.18.0.100", 80, "rr"), (service.GetProperty("protocol").GetString(), service.GetProperty("vip").GetString(), service.GetProperty("port").GetInt32(), service.GetProperty("scheduler").GetString()));
        Assert.Equal("default/web:p80", service.GetProperty("virtualService").GetString());
        Assert.Equal(
            ["198.18.1.11:8080:1", "198.18.1.12:8080:1", "198.18.1.13:8080:1"],
            service.GetProperty("realServers").EnumerateArray().Select(r => $"{r.GetProperty("ip").GetString()}:{r.GetProperty("port").GetInt32()}:{r.GetProperty("weight").GetInt32()}"));
    }

    [Fact]
    public async Task An_invalid_edit_keeps_the_last_good_config_and_shows_the_error_then_a_renamed_file_applies()
    {
        await File.WriteAllTextAsync(ConfigPath, Yaml.Web());
        await using var agent = await AgentHost.StartAsync(ConfigPath);
        await WaitReadyAsync(agent);

        await File.WriteAllTextAsync(ConfigPath, Yaml.Web().Replace("198.18.0.100", "198.18.0.999", StringComparison.Ordinal));
        var body = await Eventually.WaitAsync(async () => (await agent.GetAsync("/v1/services")).Body,
            b => b.Contains("lastError\": {", StringComparison.Ordinal), "the rejected edit to show in /v1/services");

        Assert.Contains("document 1 (default/web): spec.vip", body, StringComparison.Ordinal);
        Assert.Contains("\"198.18.0.100\"", body, StringComparison.Ordinal);
        var ready = await agent.GetAsync("/readyz");
        Assert.Equal(200, ready.Status);
        Assert.Contains("rejected", ready.Body, StringComparison.Ordinal);
        Assert.Equal(3, agent.Dataplane.Services.Services.Single().RealServers.Count);

        var replacement = Path.Combine(_directory, "services.yaml.tmp");
        await File.WriteAllTextAsync(replacement, Yaml.Web(("198.18.1.11", 5), ("198.18.1.12", 0)));
        File.Move(replacement, ConfigPath, overwrite: true);

        await Eventually.WaitAsync(async () => (await agent.GetAsync("/v1/services")).Body,
            b => b.Contains("\"weight\": 5", StringComparison.Ordinal) && !b.Contains("198.18.1.13", StringComparison.Ordinal), "the renamed file to apply");
        Assert.Equal(2, (await agent.GetAsync("/v1/services")).Body.Split("\"weight\"").Length - 1);
        Assert.DoesNotContain("lastError\": {", (await agent.GetAsync("/v1/services")).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Is_not_ready_while_the_only_config_is_invalid_and_says_why()
    {
        await File.WriteAllTextAsync(ConfigPath, Yaml.Service("bad", "198.18.0.100", 80, scheduler: "fastest", backends: [("198.18.1.11", 1)]));
        await using var agent = await AgentHost.StartAsync(ConfigPath);

        var ready = await Eventually.WaitAsync(() => agent.GetAsync("/readyz"), r => r.Body.Contains("rejected", StringComparison.Ordinal), "the rejection to show in /readyz");

        Assert.Equal(503, ready.Status);
        Assert.Contains("spec.scheduler", ready.Body, StringComparison.Ordinal);
        Assert.Equal(200, (await agent.GetAsync("/healthz")).Status);
    }

    [Fact]
    public async Task Lists_connections_from_a_forwarder_thread_snapshot_in_the_shape_lvsctl_reads()
    {
        await File.WriteAllTextAsync(ConfigPath, Yaml.Web());
        await using var agent = await AgentHost.StartAsync(ConfigPath);
        await WaitReadyAsync(agent);
        var dataplane = agent.Dataplane;
        var server = dataplane.Services.Services.Single().RealServers[1];
        await dataplane.InvokeAsync(() =>
        {
            dataplane.Connections.TryAdd(new FlowKey(IpProtocol.Tcp, Ipv4Format.Parse("198.18.0.2"), 40000, Ipv4Format.Parse("198.18.0.100"), 80), server, out var id);
            dataplane.Connections.RecordInbound(id, 60, (byte)TcpFlags.Syn);
            return id;
        });

        var (status, body) = await agent.GetAsync("/v1/connections");

        Assert.Equal(200, status);
        var list = AgentApiJsonContext.ReadConnections(body);
        var connection = Assert.Single(list.Connections);
        Assert.Equal(new ConnectionDocument("TCP", "198.18.0.2:40000", "198.18.0.100:80", "198.18.1.12:8080", "SYN_RECV", connection.ExpiresInSeconds, 1, 0, 60, 0), connection);
        Assert.InRange(connection.ExpiresInSeconds, 1, 60);
        Assert.Contains("TCP ", IpvsConnectionFormatter.Format(list), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_are_prometheus_text_and_lvsctl_list_formats_the_live_services()
    {
        await File.WriteAllTextAsync(ConfigPath, Yaml.Web());
        await using var agent = await AgentHost.StartAsync(ConfigPath);
        await WaitReadyAsync(agent);

        using var response = await agent.Http.GetAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        var samples = PrometheusText.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(3, samples.Count(s => s.Name == "lvs_real_server_weight"));

        var listing = IpvsListFormatter.Format(AgentApiJsonContext.ReadServices((await agent.GetAsync("/v1/services")).Body), ListFormat.Default);
        Assert.Equal(
            """
            IP Virtual Server version 0.1.0 (size=1024)
            Prot LocalAddress:Port Scheduler Flags
              -> RemoteAddress:Port           Forward Weight ActiveConn InActConn
            TCP  198.18.0.100:80 rr
              -> 198.18.1.11:8080             Masq    1      0          0
              -> 198.18.1.12:8080             Masq    1      0          0
              -> 198.18.1.13:8080             Masq    1      0          0

            """.ReplaceLineEndings("\n"),
            listing);
    }

    [Fact]
    public async Task Stopping_the_host_stops_the_data_plane_which_removes_the_guard()
    {
        await File.WriteAllTextAsync(ConfigPath, Yaml.Web());
        await using var agent = await AgentHost.StartAsync(ConfigPath);
        await WaitReadyAsync(agent);

        await agent.StopAsync();

        Assert.True(agent.Dataplane.GuardRemoved);
        Assert.False(agent.Dataplane.IsRunning);
    }

    private static Task<(int Status, string Body)> WaitReadyAsync(AgentHost agent) =>
        Eventually.WaitAsync(() => agent.GetAsync("/readyz"), r => r.Status == 200, "/readyz to answer 200");
}
