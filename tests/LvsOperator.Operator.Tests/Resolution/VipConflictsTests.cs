using k8s.Models;
using LvsOperator.Api;
using LvsOperator.Operator.Resolution;
using static LvsOperator.Operator.Tests.TestSupport.Objects;

namespace LvsOperator.Operator.Tests.Resolution;

public sealed class VipConflictsTests
{
    private static readonly DateTime Day1 = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Day2 = Day1.AddDays(1);
    private static readonly DateTime Day3 = Day1.AddDays(2);

    [Fact]
    public void The_older_serves_whichever_of_the_two_is_asked()
    {
        var older = VirtualService("x", "old", created: Day1);
        var newer = VirtualService("a", "new", created: Day2);

        Assert.True(VipConflicts.Resolve(older, [newer]).Serving);
        Assert.False(VipConflicts.Resolve(newer, [older]).Serving);
    }

    [Fact]
    public void Equal_creation_times_fall_back_to_namespace_then_name()
    {
        var a = VirtualService("a", "z", created: Day1);
        var b = VirtualService("b", "a", created: Day1);

        var outcome = VipConflicts.Resolve(b, [a]);

        Assert.False(outcome.Serving);
        Assert.Equal("a/z", Assert.Single(outcome.Others).Other);
    }

    [Fact]
    public void Another_port_or_protocol_on_the_same_vip_is_no_conflict()
    {
        var tcp = VirtualService("a", "tcp", created: Day1);
        var udp = VirtualService("a", "udp", created: Day2, ports: Port("http", 80, "http", "UDP"));
        var other = VirtualService("a", "other", created: Day3, ports: Port("http", 443, "http"));

        var outcome = VipConflicts.Resolve(udp, [tcp, other]);

        Assert.True(outcome.Serving);
        Assert.Empty(outcome.Others);
    }

    [Fact]
    public void A_loser_holds_nothing_so_a_third_claim_on_its_other_port_serves()
    {
        var first = VirtualService("a", "first", created: Day1, ports: Port("http", 80, "http"));
        var second = VirtualService("a", "second", created: Day2, ports: [Port("http", 80, "http"), Port("https", 443, "https")]);
        var third = VirtualService("a", "third", created: Day3, ports: Port("https", 443, "https"));
        VirtualService[] all = [first, second, third];

        Assert.True(VipConflicts.Resolve(first, all).Serving);
        Assert.False(VipConflicts.Resolve(second, all).Serving);
        Assert.True(VipConflicts.Resolve(third, all).Serving);
        Assert.Equal(["198.18.0.100:80/TCP a/second"], VipConflicts.Resolve(first, all).Others.Select(c => $"{c.Key} {c.Other}"));
    }

    [Fact]
    public void Invalid_and_deleting_virtual_services_claim_nothing()
    {
        var invalid = VirtualService("a", "invalid", created: Day1);
        invalid.Spec.Scheduler = "nonsense";
        var deleting = VirtualService("a", "deleting", created: Day1);
        deleting.Metadata.DeletionTimestamp = Day3;
        var newer = VirtualService("a", "newer", created: Day2);

        Assert.False(VipConflicts.Claims(invalid));
        Assert.False(VipConflicts.Claims(deleting));
        Assert.Same(ConflictOutcome.Alone, VipConflicts.Resolve(newer, [invalid, deleting]));
    }

    [Fact]
    public void Its_own_cached_copy_is_not_a_peer()
    {
        var fresh = VirtualService("a", "vs", created: Day1);
        var cached = VirtualService("a", "vs", created: Day1);
        cached.Metadata.ResourceVersion = "1";

        Assert.Same(ConflictOutcome.Alone, VipConflicts.Resolve(fresh, [cached]));
    }

    [Fact]
    public void Without_a_creation_time_an_object_counts_as_the_newest()
    {
        var unknown = VirtualService("a", "a", created: null);
        var dated = VirtualService("z", "z", created: Day3);

        Assert.False(VipConflicts.Resolve(unknown, [dated]).Serving);
        Assert.Equal(-1, VipConflicts.ByAge(dated, unknown));
        Assert.Equal(0, VipConflicts.ByAge(dated, new VirtualService { Metadata = new V1ObjectMeta { Name = "z", NamespaceProperty = "z", CreationTimestamp = Day3 } }));
    }
}
