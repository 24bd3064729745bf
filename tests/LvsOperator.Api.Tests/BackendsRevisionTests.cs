using LvsOperator.Api;

namespace LvsOperator.Api.Tests;

public sealed class BackendsRevisionTests
{
    private static BackendStatus Backend() => new() { PortName = "http", Ip = "198.19.1.11", Port = 8080, NodeName = "node1", Weight = 1, State = BackendStates.Active };

    [Fact]
    public void Is_eight_hex_digits_and_the_same_for_equal_lists()
    {
        var revision = BackendsRevision.Of([Backend(), Backend()]);

        Assert.Matches("^[0-9a-f]{8}$", revision);
        Assert.Equal(revision, BackendsRevision.Of([Backend(), Backend()]));
        Assert.Equal("811c9dc5", BackendsRevision.Of([])); // FNV-1a's offset basis: nothing hashed
    }

    [Fact]
    public void Changes_with_any_field_and_with_the_order()
    {
        var edits = new Action<BackendStatus>[]
        {
            b => b.PortName = "https",
            b => b.PortName = null,
            b => b.Ip = "198.19.1.12",
            b => b.Port = 8081,
            b => b.NodeName = "node2",
            b => b.Weight = 0,
            b => b.State = BackendStates.Draining,
        };
        var revisions = new HashSet<string> { BackendsRevision.Of([Backend()]) };
        foreach (var edit in edits)
        {
            var changed = Backend();
            edit(changed);
            Assert.True(revisions.Add(BackendsRevision.Of([changed])), "an edit left the revision as it was");
        }

        var other = Backend();
        other.Ip = "198.19.1.12";
        Assert.NotEqual(BackendsRevision.Of([Backend(), other]), BackendsRevision.Of([other, Backend()]));
    }

    [Fact]
    public void Field_boundaries_cannot_be_shifted()
    {
        var a = Backend();
        a.PortName = "ab";
        a.NodeName = "c";
        var b = Backend();
        b.PortName = "a";
        b.NodeName = "bc";

        Assert.NotEqual(BackendsRevision.Of([a]), BackendsRevision.Of([b]));
    }
}
