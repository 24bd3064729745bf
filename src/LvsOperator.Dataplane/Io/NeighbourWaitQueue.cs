using System.Runtime.InteropServices;
using LvsOperator.Dataplane.Forwarding;
using LvsOperator.Dataplane.Io.Native;

namespace LvsOperator.Dataplane.Io;

/// <summary>
/// Frames held while the kernel resolves their next hop, like the kernel's own per-neighbour queue (unres_qlen): the
/// first packet of a flow to a host the director has not talked to yet — a UDP query, a SYN — would otherwise be
/// dropped, and a one-shot UDP client never retries. Copies go to a fixed pool of native slots, so holding allocates
/// nothing; GSO super-frames and frames larger than a slot are not held (they are mid-stream, where the sender retransmits).
/// </summary>
internal sealed unsafe class NeighbourWaitQueue : IDisposable
{
    public const int SlotSize = 2048;

    private readonly byte* _memory;
    private readonly Slot[] _slots;
    private readonly long _holdTicks;
    private int _count;

    public NeighbourWaitQueue(int capacity, TimeSpan holdTime, long timestampFrequency)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _memory = (byte*)NativeMemory.Alloc((nuint)capacity, SlotSize);
        _slots = new Slot[capacity];
        _holdTicks = (long)(holdTime.TotalSeconds * timestampFrequency);
    }

    public int Count => _count;

    public bool TryHold(in RxFrame frame, int ingressInterfaceIndex, long now)
    {
        var metadata = frame.Metadata;
        if (metadata.GsoSegmentSize > 0 || frame.Length > SlotSize)
        {
            return false;
        }

        for (int i = 0; i < _slots.Length; i++)
        {
            ref var slot = ref _slots[i];
            if (slot.Length != 0)
            {
                continue;
            }

            new ReadOnlySpan<byte>(frame.Data, frame.Length).CopyTo(new Span<byte>(_memory + ((long)i * SlotSize), SlotSize));
            slot = new Slot(frame.Length, ingressInterfaceIndex, frame.VirtioHeader, metadata, now + _holdTicks);
            _count++;
            return true;
        }

        return false;
    }

    public int Capacity => _slots.Length;

    public bool IsHeld(int slot) => _slots[slot].Length != 0;

    public HeldFrame Get(int slot)
    {
        ref readonly var held = ref _slots[slot];
        return new HeldFrame(_memory + ((long)slot * SlotSize), held.Length, held.IngressInterfaceIndex, held.Header, held.Metadata, held.Deadline);
    }

    public void Release(int slot)
    {
        _slots[slot] = default;
        _count--;
    }

    public void Dispose() => NativeMemory.Free(_memory);

    private readonly record struct Slot(int Length, int IngressInterfaceIndex, VirtioNetHeader Header, PacketMetadata Metadata, long Deadline);
}
