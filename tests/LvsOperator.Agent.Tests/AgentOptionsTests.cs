using LvsOperator.Agent.Dataplane;
using LvsOperator.Agent.Tests.Support;
using LvsOperator.Dataplane.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LvsOperator.Agent.Tests;

public sealed class AgentOptionsTests
{
    [Theory]
    [InlineData(new string[0], ReceiveMode.Recvmmsg)]
    [InlineData(new[] { "--rx-mode", "ring" }, ReceiveMode.Ring)]
    [InlineData(new[] { "--rx-mode", "Recvmmsg" }, ReceiveMode.Recvmmsg)]
    public async Task Rx_mode_switch_selects_how_the_packet_sockets_receive(string[] extra, ReceiveMode expected)
    {
        await using var app = AgentApplication.Build(["--config", "/nonexistent/services.yaml", "--http-port", "0", .. extra]);
        Assert.Equal(expected, app.Services.GetRequiredService<IOptions<AgentOptions>>().Value.ReceiveMode);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("268435457")]
    public async Task A_config_size_limit_out_of_range_refuses_to_start_with_a_clear_message(string limit)
    {
        await using var dataplane = new FakeDataplane();
        await using var app = AgentApplication.Build(["--config", "/nonexistent/services.yaml", "--http-port", "0", "--config-size-limit", limit],
            services => services.AddSingleton<IDataplane>(dataplane));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => app.StartAsync());

        Assert.Equal("--config-size-limit must be between 1 and 268435456 bytes", error.Message);
        Assert.False(dataplane.IsRunning);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("65537")]
    public async Task A_connection_list_step_out_of_range_refuses_to_start_with_a_clear_message(string step)
    {
        await using var dataplane = new FakeDataplane();
        await using var app = AgentApplication.Build(["--config", "/nonexistent/services.yaml", "--http-port", "0", "--connection-list-step", step],
            services => services.AddSingleton<IDataplane>(dataplane));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => app.StartAsync());

        Assert.Equal("--connection-list-step must be between 1 and 65536 slots", error.Message);
        Assert.False(dataplane.IsRunning);
    }
}
