using LvsOperator.Dataplane.Packets;
using LvsOperator.Dataplane.Sockets;
using Microsoft.Extensions.Logging;

namespace LvsOperator.Dataplane.Arp;

/// <summary>
/// Announces that the director now owns a VIP: a few broadcast gratuitous ARP requests (RFC 5227 announcements),
/// so switches and neighbours move the VIP to this director's MAC on takeover. Answering ARP requests for owned VIPs
/// is the packet processor's job (in place, in the ring); this is only the unsolicited part.
/// </summary>
public sealed partial class GratuitousArpSender(TimeProvider time, ILogger<GratuitousArpSender> logger)
{
    public const int DefaultCount = 3;

    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(1);

    /// <summary>Sends <paramref name="count"/> announcements <paramref name="interval"/> apart; returns how many went out.</summary>
    public async Task<int> AnnounceAsync(
        PacketSocket socket,
        MacAddress mac,
        uint vip,
        int count = DefaultCount,
        TimeSpan? interval = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(socket);
        var frame = new byte[EthernetFrame.MinimumFrameLength];
        var length = ArpPacket.WriteGratuitous(frame, mac, vip);
        int sent = 0;
        for (int i = 0; i < count; i++)
        {
            if (i > 0)
            {
                await Task.Delay(interval ?? DefaultInterval, time, cancellationToken);
            }

            if (socket.TrySend(frame.AsSpan(0, length), out var errno))
            {
                sent++;
            }
            else
            {
                LogSendFailed(logger, Ipv4Format.ToString(vip), socket.InterfaceIndex, errno);
            }
        }

        if (logger.IsEnabled(LogLevel.Information))
        {
            var text = Ipv4Format.ToString(vip);
            LogAnnounced(logger, text, mac, socket.InterfaceIndex, sent);
        }
        return sent;
    }

    [LoggerMessage(EventId = 3301, Level = LogLevel.Information, Message = "Announced VIP {Vip} at {Mac} on ifindex {InterfaceIndex} ({Sent} gratuitous ARPs)")]
    private static partial void LogAnnounced(ILogger logger, string vip, MacAddress mac, int interfaceIndex, int sent);

    [LoggerMessage(EventId = 3302, Level = LogLevel.Warning, Message = "Gratuitous ARP for {Vip} on ifindex {InterfaceIndex} failed (errno {Errno})")]
    private static partial void LogSendFailed(ILogger logger, string vip, int interfaceIndex, int errno);
}
