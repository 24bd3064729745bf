namespace LvsOperator.Dataplane.Routing.Netlink;

/// <summary>Receives one netlink message of a reply: its type and the bytes after the nlmsghdr.</summary>
internal delegate void NetlinkMessageHandler(ushort type, ReadOnlySpan<byte> payload);
