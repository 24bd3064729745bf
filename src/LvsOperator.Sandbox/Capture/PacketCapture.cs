using System.Buffers.Binary;
using System.Net;
using LvsOperator.Sandbox.Processes;

namespace LvsOperator.Sandbox.Capture;

/// <summary>
/// tcpdump on one interface of a namespace, writing a pcap file; <see cref="StopAndReadSources"/> stops it and
/// returns the IPv4 source address of every captured packet. Stopped by its own process id only.
/// </summary>
public sealed class PacketCapture : IDisposable
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(10);

    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly RunningProcess _process;
    private readonly string _file;

    private PacketCapture(string ns, string interfaceName, string file)
    {
        _file = file;
        var tcpdump = ProcessCommand.Of("tcpdump", "--immediate-mode", "-i", interfaceName, "-n", "-U", "-s", "128", "-w", file, "ip").In(ns);
        _process = ProcessRunner.Start(tcpdump, line =>
        {
            // tcpdump says "listening on ..." once the socket is bound; before that it would miss packets.
            if (line.Contains("listening on", StringComparison.Ordinal))
            {
                _listening.TrySetResult();
            }
        });
    }

    public static PacketCapture Start(string ns, string interfaceName)
    {
        var capture = new PacketCapture(ns, interfaceName, Path.Combine(Path.GetTempPath(), $"lvs-e2e-{Guid.NewGuid():N}.pcap"));
        try
        {
            if (!capture._listening.Task.Wait(StartLimit))
            {
                throw new InvalidOperationException($"tcpdump did not start listening within {StartLimit}: {capture._process.Stderr.Trim()}");
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
        Summary = $"{bytes.Length} bytes of pcap; tcpdump: {_process.Stderr.ReplaceLineEndings(" ")}";
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
        _process.Signal(ProcessSignal.Interrupt); // SIGINT makes tcpdump flush the file
        try
        {
            _process.WaitAsync(TimeSpan.FromSeconds(5)).GetAwaiter().GetResult();
        }
        catch (TimeoutException)
        {
            // Killed; the file holds what was flushed so far.
        }
    }
}
