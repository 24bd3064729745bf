using LvsOperator.Dataplane.Packets;
using LvsOperator.Dataplane.Tests.Layout.CycleFixture.Upstream;
using Xunit.Abstractions;

namespace LvsOperator.Dataplane.Tests.Layout;

/// <summary>
/// The data plane's rooms depend on each other in one direction, the way a packet walks through them
/// (ARCHITECTURE.md §2): a reader can start at Packets and never be sent back. Built from the compiled assembly
/// (see <see cref="NamespaceGraph"/>), so a reference hidden in a method body counts too.
/// </summary>
public sealed class NamespaceDependencyTests(ITestOutputHelper output)
{
    private const string Dataplane = "LvsOperator.Dataplane";

    private static readonly NamespaceGraph Graph = NamespaceGraph.Build(typeof(DropReason).Assembly, Dataplane);

    [Fact]
    public void The_data_plane_namespaces_form_no_cycle()
    {
        output.WriteLine(Describe(Graph));
        var cycle = Graph.FindCycle();
        Assert.True(cycle is null, $"namespace cycle: {string.Join(" -> ", cycle ?? [])}\n{Describe(Graph)}");
    }

    [Fact]
    public void Packets_depends_on_no_other_room()
    {
        Assert.Empty(Graph.Edges[$"{Dataplane}.Packets"]);
    }

    [Theory]
    [InlineData("Sockets")]
    [InlineData("Routing")]
    public void The_socket_and_routing_rooms_do_not_reach_back_into_forwarding(string room)
    {
        Assert.Contains($"{Dataplane}.{room}", Graph.Edges.Keys);
        foreach (var (from, targets) in Graph.Edges)
        {
            if (from == $"{Dataplane}.{room}" || from.StartsWith($"{Dataplane}.{room}.", StringComparison.Ordinal))
            {
                Assert.DoesNotContain($"{Dataplane}.Forwarding", targets);
            }
        }
    }

    [Fact]
    public void A_cycle_made_only_inside_method_bodies_is_found()
    {
        const string fixture = "LvsOperator.Dataplane.Tests.Layout.CycleFixture";
        var graph = NamespaceGraph.Build(typeof(Caller).Assembly, fixture);

        var cycle = graph.FindCycle();

        Assert.NotNull(cycle);
        Assert.Equal(cycle[0], cycle[^1]);
        Assert.Equal(
            new[] { $"{fixture}.Downstream", $"{fixture}.Upstream" },
            cycle.Distinct().Order(StringComparer.Ordinal));
    }

    private static string Describe(NamespaceGraph graph) =>
        string.Join('\n', graph.Edges.Select(e => $"{e.Key} -> {string.Join(", ", e.Value)}"));
}
