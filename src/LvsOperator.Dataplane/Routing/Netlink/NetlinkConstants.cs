namespace LvsOperator.Dataplane.Routing.Netlink;

/// <summary>rtnetlink ABI values (linux/netlink.h, linux/rtnetlink.h, linux/neighbour.h, linux/if_link.h) Tmds.LibC lacks.</summary>
internal static class NetlinkConstants
{
    public const int NetlinkRoute = 0;
    public const int HeaderSize = 16;

    public const ushort NlmsgError = 2;
    public const ushort NlmsgDone = 3;

    public const ushort NlmFRequest = 0x1;
    public const ushort NlmFMulti = 0x2;
    public const ushort NlmFAck = 0x4;
    public const ushort NlmFDump = 0x300;
    public const ushort NlmFReplace = 0x100;
    public const ushort NlmFCreate = 0x400;

    public const ushort RtmNewLink = 16;
    public const ushort RtmGetLink = 18;
    public const ushort RtmNewAddr = 20;
    public const ushort RtmGetAddr = 22;
    public const ushort RtmNewRoute = 24;
    public const ushort RtmGetRoute = 26;
    public const ushort RtmNewNeigh = 28;
    public const ushort RtmGetNeigh = 30;

    public const ushort IflaAddress = 1;
    public const ushort IflaIfname = 3;
    public const ushort IflaMtu = 4;
    public const uint IffUp = 0x1;
    public const ushort ArphrdEther = 1;

    public const ushort IfaAddress = 1;
    public const ushort IfaLocal = 2;

    public const ushort RtaDst = 1;
    public const ushort RtaOif = 4;
    public const ushort RtaGateway = 5;
    public const byte RtnUnicast = 1;

    public const ushort NdaDst = 1;
    public const ushort NdaLladdr = 2;
    public const ushort NudIncomplete = 0x01;
    public const ushort NudReachable = 0x02;
    public const ushort NudStale = 0x04;
    public const ushort NudDelay = 0x08;
    public const ushort NudProbe = 0x10;
    public const ushort NudFailed = 0x20;
    public const ushort NudNoArp = 0x40;
    public const ushort NudPermanent = 0x80;
    public const byte NtfUse = 0x01;

    public const byte AfInet = 2;

    /// <summary>sizeof(struct ifinfomsg), ifaddrmsg, rtmsg, ndmsg.</summary>
    public const int IfInfoSize = 16;
    public const int IfAddrSize = 8;
    public const int RtMsgSize = 12;
    public const int NdMsgSize = 12;
}
