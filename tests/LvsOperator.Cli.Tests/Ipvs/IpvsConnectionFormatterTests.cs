using LvsOperator.Api.AgentApi;
using LvsOperator.Cli.Ipvs;

namespace LvsOperator.Cli.Tests.Ipvs;

public sealed class IpvsConnectionFormatterTests
{
    [Fact]
    public void Lists_connections_like_ipvsadm_L_n_c()
    {
        Assert.Equal(
            """
            IPVS connection entries
            pro expire state       source             virtual            destination
            TCP 14:59  ESTABLISHED 198.18.0.2:40000   198.18.0.100:80    198.18.1.11:8080
            TCP 01:01  TIME_WAIT   198.18.0.2:40002   198.18.0.100:80    198.18.1.12:8080
            UDP 00:05  UDP         198.18.0.2:5300    198.18.0.100:53    198.18.1.11:5353

            """,
            IpvsConnectionFormatter.Format(AgentApiJsonContext.ReadConnections(Samples.Connections)));
    }

    [Fact]
    public void A_list_cut_short_by_a_limit_says_how_many_there_are_in_all()
    {
        var list = AgentApiJsonContext.ReadConnections(Samples.Connections) with { Total = 1_048_576, Truncated = true };

        var lines = IpvsConnectionFormatter.Format(list).Split('\n');

        Assert.Equal(["(3 of 1,048,576 connections shown)", ""], lines[^2..]);
        Assert.Equal(2 + 3 + 2, lines.Length);
    }
}
