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
}
