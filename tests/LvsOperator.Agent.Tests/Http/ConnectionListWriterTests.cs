using System.Text;
using System.Text.Json;
using LvsOperator.Agent.Tests.Support;
using LvsOperator.Api.AgentApi;
using LvsOperator.Dataplane.Connections;
using LvsOperator.Dataplane.Packets;
using Microsoft.Extensions.Logging;

namespace LvsOperator.Agent.Tests.Http;

/// <summary>
/// GET /v1/connections over a table of 5,000 slots read 64 slots per step, 3,000 of them live: 79 steps, each one a
/// separate trip through the (fake) forwarder's control queue.
/// </summary>
public sealed class ConnectionListWriterTests : IAsyncLifetime
{
    private const int Capacity = 5000, Step = 64, Live = 3000;
    private const int Steps = (Capacity + Step - 1) / Step;

    private readonly string _directory = Directory.CreateTempSubdirectory("lvs-agent-conns-").FullName;
    private AgentHost _agent = null!;

    private FakeDataplane Dataplane => _agent.Dataplane;

    public async Task InitializeAsync()
    {
        var config = Path.Combine(_directory, "services.yaml");
        await File.WriteAllTextAsync(config, Yaml.Web());
        _agent = await AgentHost.StartAsync(config, new FakeDataplane(Capacity), "--connection-list-step", Step.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Eventually.WaitAsync(() => _agent.GetAsync("/readyz"), r => r.Status == 200, "/readyz to answer 200");
        var servers = Dataplane.Services.Services.Single().RealServers;
        await Dataplane.InvokeAsync(() =>
        {
            for (int n = 0; n < Live; n++)
            {
                Dataplane.Connections.TryAdd(Client(n), servers[n % servers.Count], out int id);
                Dataplane.Connections.RecordInbound(id, 60, (byte)TcpFlags.Syn);
            }

            return 0;
        });
    }

    public async Task DisposeAsync()
    {
        Dataplane.Release();
        await _agent.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private static FlowKey Client(int n) =>
        new(IpProtocol.Tcp, 0xC612_8000u + (uint)(n >> 10), (ushort)(1024 + (n & 1023)), Ipv4Format.Parse("198.18.0.100"), 80);

    private static string ClientText(int n) => $"{Ipv4Format.ToString(Client(n).SourceAddress)}:{Client(n).SourcePort}";

    [Fact]
    public async Task Lists_every_connection_in_steps_in_exactly_the_shape_of_the_record_with_the_counts_after_the_rows()
    {
        int before = Dataplane.Invocations;

        var (status, body) = await _agent.GetAsync("/v1/connections");

        Assert.Equal(200, status);
        Assert.Equal(Steps, Dataplane.Invocations - before);
        var list = AgentApiJsonContext.ReadConnections(body);
        Assert.Equal((Live, Capacity, Live, false), (list.Count, list.Capacity, list.Total, list.Truncated));
        Assert.Equal(Enumerable.Range(0, Live).Select(ClientText).Order(), list.Connections.Select(c => c.Client).Order());
        Assert.All(list.Connections, c => Assert.Equal(("TCP", "198.18.0.100:80", "SYN_RECV", 1L, 60L), (c.Protocol, c.Virtual, c.State, c.PacketsIn, c.BytesIn)));
        Assert.Equal(JsonSerializer.Serialize(list, AgentApiJsonContext.Default.ConnectionListDocument), body);
    }

    [Fact]
    public async Task A_limit_lists_at_most_that_many_and_still_counts_them_all()
    {
        foreach (var limit in new[] { 0, 1, 100, Live - 1, Live, Live + 1, int.MaxValue })
        {
            var (status, body) = await _agent.GetAsync($"/v1/connections?limit={limit}");

            Assert.Equal(200, status);
            var list = AgentApiJsonContext.ReadConnections(body);
            int listed = Math.Min(limit, Live);
            Assert.Equal((listed, listed, Live, limit < Live), (list.Count, list.Connections.Count, list.Total, list.Truncated));
            Assert.Equal(listed, list.Connections.Select(c => c.Client).Distinct().Count());
        }
    }

    [Theory]
    [InlineData("limit=-1", "limit must be a non-negative integer, at most 2147483647 (got '-1')")]
    [InlineData("limit=ten", "limit must be a non-negative integer, at most 2147483647 (got 'ten')")]
    [InlineData("limit=1.5", "(got '1.5')")]
    [InlineData("limit=%2B5", "(got '+5')")]
    [InlineData("limit=%205", "(got ' 5')")]
    [InlineData("limit=0x10", "(got '0x10')")]
    [InlineData("limit=2147483648", "(got '2147483648')")]
    [InlineData("limit=", "(got '')")]
    [InlineData("limit=1&limit=2", "limit must be given once (got 2 values)")]
    public async Task A_bad_limit_is_a_400_that_says_why_and_changes_nothing(string query, string message)
    {
        var (status, body) = await _agent.GetAsync($"/v1/connections?{query}");

        Assert.Equal(400, status);
        Assert.Contains(message, body, StringComparison.Ordinal);
        Assert.Equal(0, Dataplane.Connections.OpenSnapshots);
        Assert.Equal(Live, AgentApiJsonContext.ReadConnections((await _agent.GetAsync("/v1/connections")).Body).Total);
    }

    /// <summary>The forwarder stalls after three steps: the rows of those three are already at the client, the end is not.</summary>
    [Fact]
    public async Task Rows_reach_the_client_as_each_step_is_read_not_when_the_listing_ends()
    {
        Dataplane.HoldInvocationsAfter = Dataplane.Invocations + 3;
        using var response = await _agent.Http.GetAsync(new Uri("/v1/connections", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();

        var start = await ReadUntilAsync(body, new StringBuilder(), text => Rows(text) >= 3 * Step);

        Assert.Equal(3 * Step, Rows(start));
        Assert.DoesNotContain("\"total\"", start, StringComparison.Ordinal);
        Dataplane.Release();
        var rest = await new StreamReader(body).ReadToEndAsync();
        var list = AgentApiJsonContext.ReadConnections(start + rest);
        Assert.Equal((Live, Live), (list.Count, list.Connections.Count));
    }

    [Fact]
    public async Task A_forwarder_that_does_not_run_is_a_503_before_any_row()
    {
        Dataplane.InvokeFailure = new InvalidOperationException("the forwarder is not running");

        var (status, body) = await _agent.GetAsync("/v1/connections");

        Assert.Equal(503, status);
        Assert.Equal("the forwarder is not running\n", body);
        Assert.Equal(0, Dataplane.Connections.OpenSnapshots);
    }

    [Fact]
    public async Task A_forwarder_that_fails_halfway_cuts_the_answer_off_and_the_agent_goes_on()
    {
        Dataplane.HoldInvocationsAfter = Dataplane.Invocations + 2;
        using var response = await _agent.Http.GetAsync(new Uri("/v1/connections", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        var start = await ReadUntilAsync(body, new StringBuilder(), text => Rows(text) >= 2 * Step);

        Dataplane.InvokeFailure = new InvalidOperationException("the forwarder's queue is closed");
        Dataplane.Release(); // the third step (already past the failure check) runs; the fourth fails

        await Assert.ThrowsAnyAsync<IOException>(() => new StreamReader(body).ReadToEndAsync());
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode); // sent with the first rows, before the failure
        Assert.Equal(2 * Step, Rows(start));
        Assert.Contains(_agent.Logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("the answer was cut off: the forwarder's queue is closed", StringComparison.Ordinal));
        Dataplane.InvokeFailure = null;
        Assert.Equal(Live, AgentApiJsonContext.ReadConnections((await _agent.GetAsync("/v1/connections")).Body).Total);
        Assert.Equal(0, Dataplane.Connections.OpenSnapshots);
        Assert.False(_agent.IsStopping);
    }

    private static int Rows(string text)
    {
        int rows = 0;
        for (int at = text.IndexOf("\"client\"", StringComparison.Ordinal); at >= 0; at = text.IndexOf("\"client\"", at + 1, StringComparison.Ordinal))
        {
            rows++;
        }

        return rows;
    }

    /// <summary>Reads <paramref name="body"/> until <paramref name="enough"/> says so, for at most 30 s.</summary>
    private static async Task<string> ReadUntilAsync(Stream body, StringBuilder text, Func<string, bool> enough)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var buffer = new byte[4096];
        var decoder = Encoding.UTF8.GetDecoder();
        var chars = new char[buffer.Length];
        while (!enough(text.ToString()))
        {
            int n = await body.ReadAsync(buffer, timeout.Token);
            Assert.True(n > 0, "the answer ended early");
            text.Append(chars, 0, decoder.GetChars(buffer, 0, n, chars, 0, flush: false));
        }

        return text.ToString();
    }
}
