using LvsOperator.Agent.Dataplane;
using LvsOperator.Agent.Kubernetes;
using LvsOperator.Agent.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace LvsOperator.Agent.Tests.Kubernetes;

public sealed class AgentModeSelectionTests
{
    private static readonly Func<string, string?> NoEnvironment = _ => null;

    [Fact]
    public void A_config_file_is_standalone_even_with_a_kubeconfig_in_the_environment()
    {
        var (mode, cluster) = AgentModeSelection.Resolve("/etc/lvs/services.yaml", "", "", "", Environment(("KUBECONFIG", "/root/.kube/config")), inCluster: true);

        Assert.Equal(AgentMode.Standalone, mode);
        Assert.Null(cluster);
    }

    [Fact]
    public void A_kubeconfig_switch_or_variable_or_a_pod_is_kubernetes_mode_with_the_node_and_namespace_from_the_downward_api()
    {
        var env = Environment(("NODE_NAME", "node2"), ("POD_NAMESPACE", "lvs"), ("KUBECONFIG", "/a/config:/b/config"));

        Assert.Equal((AgentMode.Kubernetes, new ClusterIdentity("/k", "node2", "lvs")), AgentModeSelection.Resolve("", "/k", "", "", env, inCluster: false));
        Assert.Equal(new ClusterIdentity("/a/config", "node2", "lvs"), AgentModeSelection.Resolve("", "", "", "", env, inCluster: false).Cluster);
        Assert.Equal(new ClusterIdentity(null, "node2", "lvs"), AgentModeSelection.Resolve("", "", "", "", Environment(("NODE_NAME", "node2"), ("POD_NAMESPACE", "lvs")), inCluster: true).Cluster);
        Assert.Equal(new ClusterIdentity("/k", "node9", "other"), AgentModeSelection.Resolve("", "/k", "node9", "other", env, inCluster: false).Cluster);
        Assert.Equal("lvs-system", AgentModeSelection.Resolve("", "/k", "node9", "", NoEnvironment, inCluster: false).Cluster!.Namespace);
    }

    [Theory]
    [InlineData("/etc/lvs/services.yaml", "/k", "", "exclude each other")]
    [InlineData("", "", "", "no configuration: run with --config FILE")]
    [InlineData("", "/k", "", "needs this node's name: set NODE_NAME")]
    public void Neither_both_or_no_node_name_is_a_clear_error(string config, string kubeconfig, string node, string expected)
    {
        var error = Assert.Throws<InvalidOperationException>(() => AgentModeSelection.Resolve(config, kubeconfig, node, "", NoEnvironment, inCluster: false));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_agent_refuses_to_build_before_opening_anything_when_no_mode_is_given()
    {
        await using var dataplane = new FakeDataplane();

        var error = Assert.Throws<InvalidOperationException>(() =>
            AgentApplication.Build(["--http-port", "0"], services => services.AddSingleton<IDataplane>(dataplane), NoEnvironment));

        Assert.StartsWith("no configuration", error.Message, StringComparison.Ordinal);
        Assert.False(dataplane.IsRunning);
    }

    [Fact]
    public async Task A_kubeconfig_that_does_not_exist_stops_the_start_before_the_data_plane_opens()
    {
        await using var dataplane = new FakeDataplane();
        await using var app = AgentApplication.Build(
            ["--kubeconfig", "/nonexistent/kubeconfig", "--node-name", "node1", "--http-port", "0"],
            services => services.AddSingleton<IDataplane>(dataplane),
            NoEnvironment);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => app.StartAsync());

        Assert.Equal("kubeconfig /nonexistent/kubeconfig does not exist", error.Message);
        Assert.False(dataplane.IsRunning);
    }

    private static Func<string, string?> Environment(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    [Theory]
    [InlineData("--Agent:VipLease:RenewDeadline", "00:00:02", "LeaseDuration > RenewDeadline > RetryPeriod")]
    [InlineData("--Agent:ReturnPath:MarkMask", "0", "mark mask")]
    [InlineData("--Agent:Heartbeat:Duration", "00:00:01", "Duration > RenewInterval")]
    public void Kubernetes_mode_options_out_of_range_refuse_to_build_naming_the_option(string option, string value, string expected)
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            AgentApplication.Build(["--kubeconfig", "/k", "--node-name", "node1", "--http-port", "0", option, value], null, NoEnvironment));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
