using LvsOperator.Agent.Config;
using LvsOperator.Agent.Status;
using LvsOperator.Agent.Tests.Support;
using LvsOperator.Dataplane.Connections;
using LvsOperator.Dataplane.Packets;
using Microsoft.Extensions.Logging.Abstractions;

namespace LvsOperator.Agent.Tests.Config;

public sealed class ConfigApplierTests : IAsyncLifetime
{
    private static readonly uint Vip = Ipv4Format.Parse("198.18.0.100");
    private readonly FakeDataplane _dataplane = new();
    private readonly AgentState _state = new(TimeProvider.System);
    private readonly ConfigApplier _applier;

    public ConfigApplierTests() => _applier = new ConfigApplier(_dataplane, _state, new EveryVipOwned(), NullLogger<ConfigApplier>.Instance);

    public Task InitializeAsync() => _dataplane.StartAsync(CancellationToken.None);

    public async Task DisposeAsync() => await _dataplane.DisposeAsync();

    [Fact]
    public async Task Applies_a_valid_file_installs_the_guard_and_announces_the_new_vip()
    {
        Assert.True(await ConfigFileLoader.ApplyAsync(_applier, Yaml.Web() + Yaml.Service("dns", "198.18.0.100", 53, "UDP", targetPort: 5353, backends: [("198.18.1.11", 1)]), default));

        Assert.Equal(2, _dataplane.Services.Services.Count);
        var guard = Assert.Single(_dataplane.Guards);
        Assert.Equal(2, guard.VirtualServices.Count);
        Assert.Equal(4, guard.RealServers.Count);
        Assert.Equal([Vip], _dataplane.Announced);
        Assert.Equal(1, _state.Config.Generation);
        Assert.True(_state.Config.GuardInstalled);
        Assert.Null(_state.Config.LastError);
    }

    [Fact]
    public async Task An_invalid_file_changes_nothing_and_is_reported_with_document_and_field()
    {
        await ConfigFileLoader.ApplyAsync(_applier, Yaml.Web(), default);
        var before = _dataplane.Services.Services.Single();

        var invalid = Yaml.Web() + Yaml.Service("broken", "not-an-ip", 80, backends: [("198.18.1.11", 1)]);
        Assert.False(await ConfigFileLoader.ApplyAsync(_applier, invalid, default));

        Assert.Same(before, _dataplane.Services.Services.Single());
        Assert.Equal(3, before.RealServers.Count);
        var error = Assert.IsType<ConfigError>(_state.Config.LastError);
        Assert.Contains(error.Problems, p => p.Contains("document 2", StringComparison.Ordinal) && p.Contains("spec.vip", StringComparison.Ordinal));
        Assert.Equal(1, _state.Config.Generation);
        Assert.Equal(1, _state.ReloadsRejected);
        Assert.Single(_dataplane.Guards);
    }

    [Fact]
    public async Task A_file_that_is_not_yaml_is_rejected_before_the_data_plane_sees_it()
    {
        Assert.False(await ConfigFileLoader.ApplyAsync(_applier, "spec: [unclosed", default));

        Assert.Empty(_dataplane.Services.Services);
        Assert.Null(_state.Config.Applied);
        Assert.NotEmpty(_state.Config.LastError!.Problems);
    }

    [Fact]
    public async Task An_edit_keeps_unaffected_real_servers_and_their_connections()
    {
        await ConfigFileLoader.ApplyAsync(_applier, Yaml.Web(), default);
        var service = _dataplane.Services.Services.Single();
        var kept = service.RealServers[0];
        var client = new FlowKey(IpProtocol.Tcp, Ipv4Format.Parse("198.18.0.2"), 40000, Vip, 80);
        Assert.Equal(ConnectionAddResult.Added, await _dataplane.InvokeAsync(() => _dataplane.Connections.TryAdd(client, kept, out _)));

        await ConfigFileLoader.ApplyAsync(_applier, Yaml.Web(("198.18.1.11", 1), ("198.18.1.12", 0)), default);

        Assert.Same(service, _dataplane.Services.Services.Single());
        Assert.Same(kept, service.RealServers[0]);
        Assert.Equal([1, 0], service.RealServers.Select(r => r.Weight));
        Assert.Equal(1, _dataplane.Connections.Count);
        Assert.Equal(2, _dataplane.Guards[^1].RealServers.Count);
        Assert.Equal([Vip], _dataplane.Announced); // the VIP was already owned: no second announcement
    }

    [Fact]
    public async Task A_guard_failure_is_reported_and_retried()
    {
        _dataplane.GuardFailure = new InvalidOperationException("nft: no such file");
        await ConfigFileLoader.ApplyAsync(_applier, Yaml.Web(), default);
        Assert.False(_state.Config.GuardInstalled);
        Assert.Contains("nft: no such file", _state.Config.GuardError, StringComparison.Ordinal);

        _dataplane.GuardFailure = null;
        await _applier.RetryGuardAsync(default);

        Assert.True(_state.Config.GuardInstalled);
        Assert.Equal(2, _dataplane.Guards.Count);
    }
}
