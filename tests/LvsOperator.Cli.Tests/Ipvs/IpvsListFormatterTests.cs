using LvsOperator.Api.AgentApi;
using LvsOperator.Cli.Ipvs;

namespace LvsOperator.Cli.Tests.Ipvs;

public sealed class IpvsListFormatterTests
{
    private static readonly ServiceListDocument List = AgentApiJsonContext.ReadServices(Samples.Services);

    [Fact]
    public void Lists_like_ipvsadm_L_n_sorted_by_protocol_address_port_with_persistence_flags()
    {
        Assert.Equal(
            """
            IP Virtual Server version 0.1.0 (size=1048576)
            Prot LocalAddress:Port Scheduler Flags
              -> RemoteAddress:Port           Forward Weight ActiveConn InActConn
            TCP  198.18.0.100:80 rr persistent 300 mask 255.255.255.0
              -> 198.18.1.11:8080             Masq    1      12         3
              -> 198.18.1.12:8080             Masq    0      1          0
            UDP  198.18.0.100:53 rr
              -> 198.18.1.11:5353             Masq    1      0          2

            """,
            IpvsListFormatter.Format(List, ListFormat.Default));
    }

    [Fact]
    public void Stats_columns_scale_large_numbers_as_ipvsadm_does()
    {
        Assert.Equal(
            """
            IP Virtual Server version 0.1.0 (size=1048576)
            Prot LocalAddress:Port               Conns   InPkts  OutPkts  InBytes OutBytes
              -> RemoteAddress:Port
            TCP  198.18.0.100:80                  1234  123456K    98765   12345M     123T
              -> 198.18.1.11:8080                 1200  123456K    98687   12345M     123T
              -> 198.18.1.12:8080                   34       56       78     9000    12000
            UDP  198.18.0.100:53                     2        2        2      120      300
              -> 198.18.1.11:5353                    2        2        2      120      300

            """,
            IpvsListFormatter.Format(List, ListFormat.Stats));
    }

    [Fact]
    public void Rate_columns_are_per_second()
    {
        Assert.Equal(
            """
            IP Virtual Server version 0.1.0 (size=1048576)
            Prot LocalAddress:Port                 CPS    InPPS   OutPPS    InBPS   OutBPS
              -> RemoteAddress:Port
            TCP  198.18.0.100:80                    12     3400     3300   250000  123456K
              -> 198.18.1.11:8080                   12     3400     3300   250000  123456K
              -> 198.18.1.12:8080                    0        0        0        0        0
            UDP  198.18.0.100:53                     1        1        1       60      150
              -> 198.18.1.11:5353                    1        1        1       60      150

            """,
            IpvsListFormatter.Format(List, ListFormat.Rate));
    }

    [Theory]
    [InlineData(0, "        0")]
    [InlineData(99_999_999, " 99999999")]
    [InlineData(100_000_000, "  100000K")]
    [InlineData(999_999_999, "  999999K")]
    [InlineData(1_000_000_000, "    1000M")]
    [InlineData(99_999_999_999, "   99999M")]
    [InlineData(100_000_000_000, "     100G")]
    [InlineData(100_000_000_000_000, "     100T")]
    public void Large_numbers_follow_print_largenum(long value, string expected)
    {
        Assert.Equal(expected, IpvsListFormatter.LargeNumber(value));
    }

    [Fact]
    public void An_agent_with_no_services_prints_only_the_headers()
    {
        Assert.Equal(
            "IP Virtual Server version 0.1.0 (size=4096)\nProt LocalAddress:Port Scheduler Flags\n  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n",
            IpvsListFormatter.Format(AgentApiJsonContext.ReadServices("""{"version":"0.1.0","connectionTableSize":4096,"services":[]}"""), ListFormat.Default));
    }
}
