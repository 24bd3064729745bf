using System.Buffers.Binary;
using LvsOperator.Dataplane.Packets;

namespace LvsOperator.Dataplane.Tests.Packets;

public sealed class InternetChecksumTests
{
    [Fact]
    public void Sum_matches_the_RFC_1071_worked_example()
    {
        byte[] data = [0x00, 0x01, 0xF2, 0x03, 0xF4, 0xF5, 0xF6, 0xF7];

        Assert.Equal(0xDDF2, InternetChecksum.Fold(InternetChecksum.Accumulate(data)));
        Assert.Equal(0x220D, InternetChecksum.Compute(data));
    }

    [Fact]
    public void Compute_gives_the_known_checksum_of_a_real_IPv4_header()
    {
        byte[] header = Convert.FromHexString("450000730000400040110000c0a80001c0a800c7");

        Assert.Equal(0xB861, InternetChecksum.Compute(header));
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(10), 0xB861);
        Assert.Equal(0, InternetChecksum.Compute(header));
    }

    [Fact]
    public void An_odd_tail_byte_counts_as_the_high_byte_of_a_word()
    {
        Assert.Equal(InternetChecksum.Compute([0x12, 0x34, 0x56, 0x00]), InternetChecksum.Compute([0x12, 0x34, 0x56]));
    }

    [Fact]
    public void Incremental_updates_equal_recomputation_for_random_fields()
    {
        var random = new Random(1071);
        for (var i = 0; i < 5000; i++)
        {
            var data = new byte[2 * random.Next(4, 40)];
            random.NextBytes(data);
            var before = InternetChecksum.Compute(data);
            var offset = 2 * random.Next(data.Length / 2 - 1);

            ushort updated;
            if (random.Next(2) == 0)
            {
                var old16 = BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(offset));
                var new16 = (ushort)random.Next(0x10000);
                BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(offset), new16);
                updated = InternetChecksum.Update(before, old16, new16);
            }
            else
            {
                var old32 = BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(offset));
                var new32 = (uint)random.NextInt64(uint.MaxValue + 1L);
                BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(offset), new32);
                updated = InternetChecksum.Update(before, old32, new32);
            }

            Assert.Equal(InternetChecksum.Compute(data), updated);
        }
    }

    [Fact]
    public void Transport_checksum_includes_the_pseudo_header()
    {
        byte[] segment = [0x30, 0x39, 0x00, 0x35, 0x00, 0x0A, 0x00, 0x00, 0xAB, 0xCD];
        var withPseudo = InternetChecksum.ComputeTransport(0xC6120001, 0xC6120002, IpProtocol.Udp, segment);

        byte[] pseudo = [0xC6, 0x12, 0x00, 0x01, 0xC6, 0x12, 0x00, 0x02, 0x00, 17, 0x00, 0x0A];
        Assert.Equal(InternetChecksum.Compute([.. pseudo, .. segment]), withPseudo);
    }

    [Fact]
    public void Partial_seed_update_equals_the_seed_of_the_new_pseudo_header()
    {
        var random = new Random(1624);
        for (var i = 0; i < 2000; i++)
        {
            var source = (uint)random.NextInt64(uint.MaxValue + 1L);
            var destination = (uint)random.NextInt64(uint.MaxValue + 1L);
            var newDestination = (uint)random.NextInt64(uint.MaxValue + 1L);
            var length = random.Next(8, 65000);
            var seed = InternetChecksum.Fold(InternetChecksum.PseudoHeaderSum(source, destination, IpProtocol.Tcp, length));
            var expected = InternetChecksum.Fold(InternetChecksum.PseudoHeaderSum(source, newDestination, IpProtocol.Tcp, length));

            var updated = InternetChecksum.UpdatePartial(seed, destination, newDestination);

            // Same one's-complement value: equal, or the two zeros 0x0000/0xFFFF.
            Assert.Equal(expected % 0xFFFF, updated % 0xFFFF);
        }
    }
}
