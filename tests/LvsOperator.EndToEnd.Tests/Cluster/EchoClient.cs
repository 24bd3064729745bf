using System.Net;
using System.Net.Sockets;
using System.Text;
using LvsOperator.Sandbox.Network;

namespace LvsOperator.EndToEnd.Tests.Cluster;

/// <summary>
/// The client's side of the echo app, in-process: sockets are made inside the client namespace (in batches, one
/// namespace switch per batch) and then used from the thread pool, so a thousand requests need no thousand processes.
/// </summary>
internal static class EchoClient
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    /// <summary>One connection to the echo line port through <paramref name="vip"/>: its answer, or an exception.</summary>
    public static async Task<EchoAnswer> AskAsync(string clientNamespace, IPEndPoint vip)
    {
        using var socket = Sockets(clientNamespace, 1)[0];
        return await AskAsync(socket, vip);
    }

    /// <summary>
    /// <paramref name="count"/> requests, <paramref name="parallel"/> at a time; every failure is kept (as its message)
    /// rather than thrown, so a test can say how many failed and how.
    /// </summary>
    public static async Task<(List<EchoAnswer> Answers, List<string> Failures)> AskManyAsync(string clientNamespace, IPEndPoint vip, int count, int parallel)
    {
        var answers = new List<EchoAnswer>(count);
        var failures = new List<string>();
        for (var done = 0; done < count;)
        {
            var batch = Sockets(clientNamespace, Math.Min(parallel, count - done));
            var results = await Task.WhenAll(batch.Select(async socket =>
            {
                using (socket)
                {
                    try
                    {
                        return (Answer: await AskAsync(socket, vip), Failure: (string?)null);
                    }
                    catch (Exception e) when (e is SocketException or OperationCanceledException or FormatException)
                    {
                        return (Answer: (EchoAnswer?)null, Failure: e.Message);
                    }
                }
            }));
            foreach (var (answer, failure) in results)
            {
                if (answer is not null)
                {
                    answers.Add(answer);
                }
                else
                {
                    failures.Add(failure!);
                }
            }

            done += batch.Length;
        }

        return (answers, failures);
    }

    /// <summary>Whether a connection to <paramref name="remote"/> from the client namespace is accepted within <paramref name="timeout"/>.</summary>
    public static async Task<bool> ConnectsAsync(string clientNamespace, IPEndPoint remote, TimeSpan timeout)
    {
        using var socket = Sockets(clientNamespace, 1)[0];
        using var bound = new CancellationTokenSource(timeout);
        try
        {
            await socket.ConnectAsync(remote, bound.Token);
            return true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return false;
        }
    }

    public static Socket[] Sockets(string clientNamespace, int count) => NetworkNamespace.Run(clientNamespace, () =>
        Enumerable.Range(0, count).Select(_ => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)).ToArray());

    private static async Task<EchoAnswer> AskAsync(Socket socket, IPEndPoint vip)
    {
        using var bound = new CancellationTokenSource(Timeout);
        await socket.ConnectAsync(vip, bound.Token);
        var text = new StringBuilder();
        var buffer = new byte[256];
        int read;
        while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, bound.Token)) > 0)
        {
            text.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        return EchoAnswer.Parse(text.ToString());
    }
}
