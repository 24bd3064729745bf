using System.Diagnostics;
using LvsOperator.Api.AgentApi;
using LvsOperator.EndToEnd.Tests.Harness;
using LvsOperator.Sandbox.Directors;
using LvsOperator.Sandbox.Network;
using LvsOperator.Sandbox.Workloads;
using Xunit.Abstractions;

namespace LvsOperator.EndToEnd.Tests.Nat;

/// <summary>
/// Issue 7 defect 4: `kill -9` of the agent in the middle of a long transfer through a maglev VIP, then the agent again
/// with the same config: the transfer completes with every byte right. While the agent is dead its nftables table
/// stays (SIGKILL runs no clean-up), so the kernel neither answers for the VIP nor forwards the real server's replies
/// un-NATed: the flow stalls, nobody resets it, and both ends retransmit. The new agent, its table empty, picks the
/// flow up: from the client's retransmission (upload), or from the real server's (download: the client, waiting for
/// data, sends nothing), and replaces the table in one transaction.
/// </summary>
[Collection(NetnsCollection.Name)]
public sealed class MidflowPickupTests(MidflowPickupTests.AgentFixture fixture, ITestOutputHelper output) : IClassFixture<MidflowPickupTests.AgentFixture>
{
    private const long Bytes = 64L << 20;
    private const long BytesPerSecond = 4L << 20; // ~16 s unbroken: the kill lands a quarter of the way in

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_transfer_through_a_maglev_vip_survives_kill_9_of_the_agent(bool download)
    {
        var web = Services.Web("maglev", 1, 2, 3);
        await fixture.ProgramAsync(web);
        using var transfer = NetworkNamespace.Run(fixture.Topology.Client, () => download
            ? PacedTransfer.Download(Services.WebVip, Bytes, BytesPerSecond)
            : PacedTransfer.Upload(Services.WebVip, Bytes, BytesPerSecond));
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var running = transfer.RunAsync(limit.Token);

        Assert.True(await UntilAsync(() => transfer.Transferred >= Bytes / 4 || running.IsCompleted, TimeSpan.FromSeconds(90)),
            $"only {transfer.Transferred} bytes moved in 90 s before the kill");
        Assert.False(running.IsCompleted, $"the transfer ended before the agent was killed, at {transfer.Transferred} bytes: "
            + (running.Exception is { } failure ? failure.InnerException?.ToString() : "the server closed it")
            + $"\n{fixture.Director.Diagnostics()}");
        var clock = Stopwatch.StartNew();
        await fixture.KillDirectorAsync();
        long atKill = transfer.Transferred;
        Assert.True(GuardTables.Exists(fixture), "SIGKILL took the guard table with it: the kernel would reset the flow");

        await Task.Delay(TimeSpan.FromSeconds(1)); // dead for a while, so segments are lost and retransmitted
        await fixture.ProgramAsync(web);
        var restarted = clock.Elapsed;
        TransferOutcome outcome;
        try
        {
            outcome = await running;
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"the transfer stalled at {transfer.Transferred} of {Bytes} bytes after the restart "
                + $"({atKill} at the kill): the new agent did not pick it up\n{fixture.Director.Diagnostics()}");
        }

        output.WriteLine($"{(download ? "download" : "upload")} by {outcome.ServedBy.RealServer}: {atKill >> 20} MiB at the kill, "
            + $"agent back after {restarted.TotalSeconds:F1} s, done {clock.Elapsed.TotalSeconds:F1} s after the kill");

        Assert.Equal((Bytes, -1L), (outcome.Bytes, outcome.FirstWrongOffset));
        Assert.Single(GuardTables.Listed(fixture)); // replaced, not duplicated
        Assert.True(await PickupsAsync() > 0, "the restarted agent counted no mid-flow pickup");
    }

    private async Task<long> PickupsAsync()
    {
        var agent = (AgentDirector)fixture.Director;
        var view = AgentApiJsonContext.ReadServices(await agent.Http.GetAsync(AgentHttpApi.Services));
        return (view.Services ?? []).Single(s => s.Port == Services.WebVip.Port).MidflowPickups;
    }

    private static async Task<bool> UntilAsync(Func<bool> condition, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > limit)
            {
                return false;
            }

            await Task.Delay(50);
        }

        return true;
    }

    /// <summary>Always the agent: the kernel stand-in has nothing to kill.</summary>
    public sealed class AgentFixture : DirectorFixture
    {
        protected override DirectorKind Kind => DirectorKind.Agent;
    }
}
