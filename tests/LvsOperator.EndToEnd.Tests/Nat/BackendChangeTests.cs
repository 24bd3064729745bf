using LvsOperator.EndToEnd.Tests.Harness;
using LvsOperator.Sandbox.Network;
using LvsOperator.Sandbox.Workloads;

namespace LvsOperator.EndToEnd.Tests.Nat;

/// <summary>
/// Proof 3: FILE edits while connections live. A kept backend keeps its connections; a removed backend's
/// connections are dropped silently, as IPVS does with expire_nodest_conn (the client sees no answer, no reset);
/// a backend at weight 0 keeps its connections and gets no new ones.
/// </summary>
[Collection(NetnsCollection.Name)]
public sealed class BackendChangeTests(DirectorFixture fixture) : IClassFixture<DirectorFixture>
{
    private static readonly TimeSpan AnswerWait = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task LongLivedConnectionKeepsItsRealServerWhileOtherBackendsComeAndGo()
    {
        await fixture.ProgramAsync(Services.Web("rr", 1, 2));
        using var session = Open();
        var first = Ask(session);
        Assert.Equal(WhoOutcome.Answered, first.Outcome);
        var mine = first.ServedBy!.RealServer;
        var other = mine == "rs1" ? 2 : 1;

        await fixture.ProgramAsync(Services.Web("rr", 1, 2, 3));
        Assert.Equal(mine, Ask(session).ServedBy?.RealServer);
        var afterAdd = Gets(6);
        Assert.Contains("rs3", afterAdd); // the added backend takes new connections

        var kept = mine == "rs1" ? new[] { 1, 3 } : [2, 3];
        await fixture.ProgramAsync(Services.Web("rr", kept));
        Assert.Equal(mine, Ask(session).ServedBy?.RealServer);
        Assert.DoesNotContain($"rs{other}", Gets(6));
        Assert.Equal(mine, Ask(session).ServedBy?.RealServer);
    }

    [Fact]
    public async Task RemovedBackendsConnectionsGetNoAnswerAndNoReset()
    {
        await fixture.ProgramAsync(Services.Web("rr", 1, 2, 3));
        var sessions = OpenOnePerServer();
        try
        {
            await fixture.ProgramAsync(Services.Web("rr", 2, 3));

            var removed = sessions["rs1"].Ask(AnswerWait);
            Assert.Equal(WhoOutcome.TimedOut, removed.Outcome);
            Assert.Equal("rs2", Ask(sessions["rs2"]).ServedBy?.RealServer);
            Assert.Equal("rs3", Ask(sessions["rs3"]).ServedBy?.RealServer);
            Assert.DoesNotContain("rs1", Gets(12));
        }
        finally
        {
            DisposeAll(sessions);
        }
    }

    [Fact]
    public async Task WeightZeroKeepsItsConnectionsAndGetsNoNewOnes()
    {
        await fixture.ProgramAsync(Services.Web("rr", 1, 2, 3));
        var sessions = OpenOnePerServer();
        try
        {
            await fixture.ProgramAsync(Services.Web("rr", Services.Backend(1), Services.Backend(2, weight: 0), Services.Backend(3)));

            Assert.Equal("rs2", Ask(sessions["rs2"]).ServedBy?.RealServer);
            var fresh = Gets(12);
            Assert.Equal(new[] { 6, 6 }, new[] { fresh.Count(s => s == "rs1"), fresh.Count(s => s == "rs3") });
            Assert.Equal("rs2", Ask(sessions["rs2"]).ServedBy?.RealServer);
        }
        finally
        {
            DisposeAll(sessions);
        }
    }

    private WhoSession Open() => NetworkNamespace.Run(fixture.Topology.Client, () => WhoSession.Open(Services.WebVip));

    private static WhoAnswer Ask(WhoSession session) => session.Ask(AnswerWait);

    private List<string> Gets(int count) => NetworkNamespace.Run(fixture.Topology.Client, () => Enumerable.Range(0, count)
        .Select(_ => VipClient.HttpGet(Services.WebVip).ServedBy.RealServer).ToList());

    /// <summary>Three new connections under rr land on three different servers.</summary>
    private Dictionary<string, WhoSession> OpenOnePerServer()
    {
        var sessions = new Dictionary<string, WhoSession>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var session = Open();
                var answer = Ask(session);
                Assert.Equal(WhoOutcome.Answered, answer.Outcome);
                Assert.True(sessions.TryAdd(answer.ServedBy!.RealServer, session), "rr sent two of three connections to one server");
            }

            return sessions;
        }
        catch
        {
            DisposeAll(sessions);
            throw;
        }
    }

    private static void DisposeAll(Dictionary<string, WhoSession> sessions)
    {
        foreach (var session in sessions.Values)
        {
            session.Dispose();
        }
    }
}
