using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using System.Text;
using LvsOperator.Cli.Tests.Ipvs;

namespace LvsOperator.Cli.Tests;

/// <summary>`lvsctl conns` against a stand-in agent on loopback that records what it was asked and answers a canned list.</summary>
public sealed class ConnsCommandTests
{
    [Fact]
    public async Task A_limit_is_asked_of_the_agent_and_the_output_says_how_many_there_are_in_all()
    {
        var truncated = Samples.Connections.Replace("\"count\": 3,", "\"count\": 3, \"total\": 5000, \"truncated\": true,", StringComparison.Ordinal);
        var (code, output, asked) = await RunAgainstAsync(truncated, "conns", "--limit", "3");

        Assert.Equal(0, code);
        Assert.Equal("/v1/connections?limit=3", asked);
        var lines = output.Split('\n');
        Assert.Equal(2 + 3 + 2, lines.Length);
        Assert.StartsWith("TCP 14:59  ESTABLISHED 198.18.0.2:40000", lines[2], StringComparison.Ordinal);
        Assert.Equal("(3 of 5,000 connections shown)", lines[^2]);
    }

    [Fact]
    public async Task Without_a_limit_every_connection_is_asked_for_and_no_count_is_added()
    {
        var (code, output, asked) = await RunAgainstAsync(Samples.Connections, "conns");

        Assert.Equal(0, code);
        Assert.Equal("/v1/connections", asked);
        Assert.DoesNotContain("connections shown", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_limit_the_agent_refuses_is_a_failure_that_shows_its_answer()
    {
        var (code, _, error, _) = await RunAsync(async listener =>
        {
            var context = await listener.GetContextAsync();
            context.Response.StatusCode = 400;
            await context.Response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes("limit must be a non-negative integer\n"));
            context.Response.Close();
            return "";
        }, "conns", "--limit", "5");

        Assert.Equal(1, code);
        Assert.Contains("answered 400: limit must be a non-negative integer", error, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Output, string Asked)> RunAgainstAsync(string body, params string[] args)
    {
        var (code, output, _, asked) = await RunAsync(async listener =>
        {
            var context = await listener.GetContextAsync();
            var path = context.Request.RawUrl ?? "";
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes(body));
            context.Response.Close();
            return path;
        }, args);
        return (code, output, asked);
    }

    /// <summary>
    /// Runs lvsctl with --server pointing at a listener on a free loopback port that <paramref name="answer"/> serves once;
    /// what the answer returns (the path it was asked) comes back as Asked.
    /// </summary>
    private static async Task<(int Code, string Output, string Error, string Asked)> RunAsync(Func<HttpListener, Task<string>> answer, params string[] args)
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var served = answer(listener);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await Lvsctl.RunAsync([.. args, "--server", $"http://127.0.0.1:{port}"], new InvocationConfiguration { Output = output, Error = error }, CancellationToken.None);
        var asked = await served.WaitAsync(TimeSpan.FromSeconds(30));
        return (code, output.ToString(), error.ToString(), asked);
    }
}
