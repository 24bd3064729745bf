using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using LvsOperator.Sandbox.Network;
using LvsOperator.Sandbox.Workloads;

namespace LvsOperator.NatBench;

/// <summary>The two measurements, each bounded by its duration; run from the client namespace.</summary>
internal static class NatMeasurements
{
    /// <summary>One TCP stream into the real server's SINK for the duration; bits per second as the server counted them.</summary>
    public static double SingleStreamBitsPerSecond(string clientNamespace, IPEndPoint vip, TimeSpan duration) =>
        NetworkNamespace.Run(clientNamespace, () =>
        {
            using var socket = VipClient.Connect(vip, timeout: TimeSpan.FromSeconds(5));
            socket.SendTimeout = socket.ReceiveTimeout = 10_000;
            socket.Send("SINK\n"u8);
            var chunk = new byte[256 * 1024];
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < duration)
            {
                socket.Send(chunk);
            }

            socket.Shutdown(SocketShutdown.Send);
            var answer = ReadAll(socket).Trim().Split(' ');
            var seconds = clock.Elapsed.TotalSeconds; // includes draining what was queued, so the server's count is fair
            return long.Parse(answer[1], CultureInfo.InvariantCulture) * 8 / seconds;
        });

    /// <summary>Short connections (connect, GET, close) from several workers for the duration; completed per second and failures.</summary>
    public static (double PerSecond, int Failures) ConnectionRate(string clientNamespace, IPEndPoint vip, TimeSpan duration, int workers)
    {
        var clock = Stopwatch.StartNew();
        var results = Task.WhenAll(Enumerable.Range(0, workers).Select(_ => NetworkNamespace.RunAsync(clientNamespace, () =>
        {
            var (done, failed) = (0, 0);
            while (clock.Elapsed < duration)
            {
                try
                {
                    VipClient.HttpGet(vip, timeout: TimeSpan.FromSeconds(2));
                    done++;
                }
                catch (Exception e) when (e is SocketException or OperationCanceledException or InvalidDataException or IOException)
                {
                    failed++;
                }
            }

            return (done, failed);
        }))).GetAwaiter().GetResult();
        var seconds = clock.Elapsed.TotalSeconds;
        return (results.Sum(r => r.done) / seconds, results.Sum(r => r.failed));
    }

    private static string ReadAll(Socket socket)
    {
        var buffer = new byte[256];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = socket.Receive(buffer, total, buffer.Length - total, SocketFlags.None)) > 0)
        {
            total += read;
        }

        return Encoding.ASCII.GetString(buffer, 0, total);
    }
}
