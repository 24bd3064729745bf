using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using LvsOperator.Sandbox.Interop;
using LvsOperator.Sandbox.Network;
using LvsOperator.Sandbox.Processes;

namespace LvsOperator.Sandbox.Capture;

/// <summary>
/// tcpdump on one interface of a namespace, writing a pcap file; <see cref="StopAndReadSources"/> stops it and
/// returns the IPv4 source address of every captured packet. Started and stopped by process id only.
/// </summary>
public sealed class PacketCapture : IDisposable
{
    private readonly Process _process;
    private readonly string _file;

    private PacketCapture(Process process, string file)
    {
        _process = process;
        _file = file;
    }

    public static PacketCapture Start(string ns, string interfaceName)
    {
        var file = Path.Combine(Path.GetTempPath(), $"lvs-e2e-{Guid.NewGuid():N}.pcap");
        var info = new ProcessStartInfo("ip") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { "netns", "exec", ns, "tcpdump", "--immediate-mode", "-i", interfaceName, "-n", "-U", "-s", "128", "-w", file, "ip" })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start tcpdump");
        var capture = new PacketCapture(process, file);
        try
        {
            // tcpdump says "listening on ..." once the socket is bound; before that it would miss packets.
            var ready = process.StandardError.ReadLineAsync();
            if (!ready.Wait(TimeSpan.FromSeconds(10)) || ready.Result is null || !ready.Result.Contains("listening on", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"tcpdump did not start listening: {(ready.IsCompleted ? ready.Result : "(no output)")}");
            }

            return capture;
        }
        catch
        {
            capture.Dispose();
            throw;
        }
    }

    /// <summary>tcpdump's closing words ("N packets captured ..."), for failure messages.</summary>
    public string Summary { get; private set; } = "";

    public IReadOnlyList<IPAddress> StopAndReadSources()
    {
        Stop();
        var bytes = File.ReadAllBytes(_file);
        Summary = $"{bytes.Length} bytes of pcap; tcpdump: {_process.StandardError.ReadToEnd().ReplaceLineEndings(" ")}";
        return ReadSources(bytes);
    }

    public void Dispose()
    {
        Stop();
        _process.Dispose();
        File.Delete(_file);
    }

    /// <summary>Source addresses of the IPv4-over-Ethernet records of a classic pcap file.</summary>
    internal static List<IPAddress> ReadSources(ReadOnlySpan<byte> pcap)
    {
        var sources = new List<IPAddress>();
        if (pcap.Length < 24)
        {
            return sources;
        }

        var littleEndian = BinaryPrimitives.ReadUInt32LittleEndian(pcap) == 0xA1B2C3D4;
        for (var offset = 24; offset + 16 <= pcap.Length;)
        {
            var header = pcap.Slice(offset + 8, 4);
            var captured = (int)(littleEndian ? BinaryPrimitives.ReadUInt32LittleEndian(header) : BinaryPrimitives.ReadUInt32BigEndian(header));
            var packet = pcap.Slice(offset + 16, Math.Min(captured, pcap.Length - offset - 16));
            if (packet.Length >= 34 && BinaryPrimitives.ReadUInt16BigEndian(packet[12..]) == 0x0800)
            {
                sources.Add(new IPAddress(packet.Slice(26, 4)));
            }

            offset += 16 + captured;
        }

        return sources;
    }

    private void Stop()
    {
        if (_process.HasExited)
        {
            return;
        }

        // Immediate mode hands packets over at once, but give it a moment to drain what is still in the ring:
        // packets left there when SIGINT arrives are counted as received yet never written.
        Thread.Sleep(300);
        _ = LibC.Kill(_process.Id, LibC.SigInt); // SIGINT makes tcpdump flush the file
        if (!_process.WaitForExit(TimeSpan.FromSeconds(5)))
        {
            _process.Kill();
            _process.WaitForExit();
        }
    }
}
