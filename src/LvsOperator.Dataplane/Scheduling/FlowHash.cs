using System.Runtime.CompilerServices;
using LvsOperator.Dataplane.Packets;

namespace LvsOperator.Dataplane.Scheduling;

/// <summary>Cheap, well-mixed, allocation-free hashes of flows and addresses (a 64-bit multiply-xorshift finaliser).</summary>
internal static class FlowHash
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mix(ulong value)
    {
        // murmur3 fmix64: every input bit affects every output bit.
        value ^= value >> 33;
        value *= 0xFF51AFD7ED558CCDUL;
        value ^= value >> 33;
        value *= 0xC4CEB9FE1A85EC53UL;
        value ^= value >> 33;
        return value;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Of(in FlowKey flow)
    {
        ulong addresses = ((ulong)flow.SourceAddress << 32) | flow.DestinationAddress;
        ulong rest = ((ulong)flow.SourcePort << 32) | ((ulong)flow.DestinationPort << 8) | (byte)flow.Protocol;
        return Mix(addresses ^ Mix(rest ^ 0x9E3779B97F4A7C15UL));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong OfSource(uint address, ushort port) => Mix(((ulong)address << 16) ^ port ^ 0x2545F4914F6CDD1DUL);
}
