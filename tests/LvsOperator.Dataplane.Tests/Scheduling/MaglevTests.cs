using LvsOperator.Dataplane.Scheduling;

namespace LvsOperator.Dataplane.Tests.Scheduling;

public sealed class MaglevTests
{
    private static Dictionary<RealServer, int> SlotCounts(Maglev maglev)
    {
        var counts = new Dictionary<RealServer, int>();
        for (int slot = 0; slot < maglev.TableSize; slot++)
        {
            var owner = maglev.SlotOwner(slot)!;
            counts[owner] = counts.GetValueOrDefault(owner) + 1;
        }

        return counts;
    }

    private static RealServer[] Owners(Maglev maglev)
    {
        var owners = new RealServer[maglev.TableSize];
        for (int slot = 0; slot < owners.Length; slot++)
        {
            owners[slot] = maglev.SlotOwner(slot)!;
        }

        return owners;
    }

    [Theory]
    [InlineData(10)]
    [InlineData(100)]
    [InlineData(655)]
    public void Equal_weights_are_balanced_within_one_percent(int backends)
    {
        var maglev = new Maglev();
        var servers = TestFlows.Servers(backends);
        maglev.Rebuild(servers);

        var counts = SlotCounts(maglev);

        Assert.Equal(backends, counts.Count);
        double mean = (double)maglev.TableSize / backends;
        Assert.All(counts.Values, c => Assert.InRange(Math.Abs(c - mean) / mean, 0, 0.01));
    }

    [Fact]
    public void Weights_set_the_share_of_slots()
    {
        var maglev = new Maglev();
        var servers = TestFlows.Servers(4);
        for (int i = 0; i < 4; i++)
        {
            servers[i].Weight = i + 1;
        }

        maglev.Rebuild(servers);
        var counts = SlotCounts(maglev);

        for (int i = 0; i < 4; i++)
        {
            double expected = maglev.TableSize * (i + 1) / 10.0;
            Assert.InRange(Math.Abs(counts[servers[i]] - expected) / expected, 0, 0.01);
        }
    }

    [Fact]
    public void Extreme_weights_still_build_and_give_the_light_backend_its_share()
    {
        var maglev = new Maglev();
        var servers = TestFlows.Servers(2);
        servers[0].Weight = 65535;
        servers[1].Weight = 1;
        maglev.Rebuild(servers);

        var counts = SlotCounts(maglev);

        Assert.InRange(counts.GetValueOrDefault(servers[1]), 1, 2);
        Assert.Equal(maglev.TableSize, counts.Values.Sum());
    }

    [Fact]
    public void Removing_a_backend_moves_only_its_slots()
    {
        const int n = 20;
        var maglev = new Maglev();
        var servers = TestFlows.Servers(n);
        maglev.Rebuild(servers);
        var before = Owners(maglev);
        var removed = servers[7];

        maglev.Rebuild(servers.Where(s => s != removed).ToArray());
        var after = Owners(maglev);

        int moved = 0;
        for (int slot = 0; slot < before.Length; slot++)
        {
            if (before[slot] == removed)
            {
                Assert.NotSame(removed, after[slot]);
                moved++;
            }
            else
            {
                Assert.Same(before[slot], after[slot]);
            }
        }

        double expected = (double)maglev.TableSize / n;
        Assert.InRange(moved, expected * 0.99, expected * 1.01);
        var counts = SlotCounts(maglev);
        double mean = (double)maglev.TableSize / (n - 1);
        Assert.All(counts.Values, c => Assert.InRange(Math.Abs(c - mean) / mean, 0, 0.01));
    }

    [Fact]
    public void Adding_a_backend_moves_slots_only_to_the_newcomer()
    {
        var maglev = new Maglev();
        var servers = TestFlows.Servers(11);
        maglev.Rebuild(servers[..10]);
        var before = Owners(maglev);

        maglev.Rebuild(servers);
        var after = Owners(maglev);

        int moved = 0;
        for (int slot = 0; slot < before.Length; slot++)
        {
            if (!ReferenceEquals(before[slot], after[slot]))
            {
                Assert.Same(servers[10], after[slot]);
                moved++;
            }
        }

        double expected = (double)maglev.TableSize / 11;
        Assert.InRange(moved, expected * 0.99, expected * 1.01);
    }

    [Fact]
    public void A_fresh_table_depends_only_on_the_set_not_its_order()
    {
        var servers = TestFlows.Servers(30);
        var a = new Maglev();
        var b = new Maglev();
        a.Rebuild(servers);
        b.Rebuild(servers.Reverse().ToArray());

        Assert.Equal(Owners(a), Owners(b));
    }

    [Fact]
    public void Same_flow_gets_same_backend_and_flows_spread()
    {
        var maglev = new Maglev();
        var servers = TestFlows.Servers(5);
        maglev.Rebuild(servers);
        var seen = new HashSet<RealServer>();
        for (int i = 0; i < 500; i++)
        {
            var flow = TestFlows.Tcp(TestFlows.Client(i), (ushort)(40000 + i));
            var first = maglev.Schedule(flow);
            Assert.Same(first, maglev.Schedule(flow));
            seen.Add(first!);
        }

        Assert.Equal(5, seen.Count);
    }

    [Fact]
    public void Weight_zero_is_never_chosen_and_empty_gives_null()
    {
        var maglev = new Maglev(tableSize: 251);
        var servers = TestFlows.Servers(3);
        servers[1].Weight = 0;
        maglev.Rebuild(servers);
        for (int i = 0; i < 2000; i++)
        {
            Assert.NotSame(servers[1], maglev.Schedule(TestFlows.Tcp(TestFlows.Client(i), 1234)));
        }

        servers[0].Weight = 0;
        servers[2].Weight = 0;
        maglev.Rebuild(servers);
        Assert.Null(maglev.Schedule(TestFlows.Tcp(1, 1)));
        maglev.Rebuild([]);
        Assert.Null(maglev.Schedule(TestFlows.Tcp(1, 1)));
    }

    [Fact]
    public void Rejects_a_table_size_that_is_not_prime()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Maglev(65536));
    }
}
