using LvsOperator.Dataplane.Packets;

namespace LvsOperator.Dataplane.Tests.Packets;

public sealed class EthernetFrameTests
{
    private static readonly MacAddress Director = MacAddress.Parse("02:00:00:00:00:01");
    private static readonly MacAddress Client = MacAddress.Parse("02:00:00:00:00:02");

    [Fact]
    public void Untagged_frame_exposes_addresses_type_and_payload()
    {
        var frame = PacketFactory.Ethernet(Director, Client, EtherType.Ipv4, [1, 2, 3], padding: 5);

        Assert.True(EthernetFrame.TryParse(frame, out var ethernet, out var reason));

        Assert.Equal(DropReason.None, reason);
        Assert.Equal(Director, ethernet.Destination);
        Assert.Equal(Client, ethernet.Source);
        Assert.Equal(EtherType.Ipv4, ethernet.EtherType);
        Assert.False(ethernet.HasVlanTag);
        Assert.Equal(0, ethernet.VlanId);
        Assert.Equal(14, ethernet.HeaderLength);
        Assert.Equal(8, ethernet.Payload.Length);
        Assert.Equal(1, ethernet.Payload[0]);
    }

    [Fact]
    public void Single_vlan_tag_is_unwrapped_and_its_id_exposed()
    {
        var frame = PacketFactory.Ethernet(Director, Client, EtherType.Arp, [9], vlanId: 0x2064); // priority 1, VLAN 100

        Assert.True(EthernetFrame.TryParse(frame, out var ethernet, out _));

        Assert.True(ethernet.HasVlanTag);
        Assert.Equal(100, ethernet.VlanId);
        Assert.Equal(EtherType.Arp, ethernet.EtherType);
        Assert.Equal(18, ethernet.HeaderLength);
        Assert.Equal(9, ethernet.Payload[0]);
    }

    [Fact]
    public void Mac_setters_write_in_place()
    {
        var frame = PacketFactory.Ethernet(Director, Client, EtherType.Ipv4, new byte[46]);
        Assert.True(EthernetFrame.TryParse(frame, out var ethernet, out _));

        ethernet.SetDestination(Client);
        ethernet.SetSource(Director);

        Assert.Equal(Client, MacAddress.Read(frame));
        Assert.Equal(Director, MacAddress.Read(frame.AsSpan(6)));
    }

    [Fact]
    public void Truncated_frames_are_refused()
    {
        var tagged = PacketFactory.Ethernet(Director, Client, EtherType.Ipv4, [], vlanId: 5);
        for (var length = 0; length < tagged.Length; length++)
        {
            Assert.False(EthernetFrame.TryParse(tagged.AsSpan(0, length), out _, out var reason));
            Assert.Equal(DropReason.TruncatedEthernet, reason);
        }
    }
}
