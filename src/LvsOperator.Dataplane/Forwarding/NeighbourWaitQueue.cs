using System.Runtime.InteropServices;
using LvsOperator.Dataplane.Sockets;

namespace LvsOperator.Dataplane.Forwarding;

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
    private readonly HeldFrame[] _slots; // Length 0: free
    private readonly long _holdTicks;
    private int _count;

    public NeighbourWaitQueue(int capacity, TimeSpan holdTime, long timestampFrequency)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _memory = (byte*)NativeMemory.Alloc((nuint)capacity, SlotSize);
        _slots = new HeldFrame[capacity];
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

            var copy = _memory + ((long)i * SlotSize);
            new ReadOnlySpan<byte>(frame.Data, frame.Length).CopyTo(new Span<byte>(copy, SlotSize));
            slot = new HeldFrame(copy, frame.Length, ingressInterfaceIndex, frame.VirtioHeader, metadata, now + _holdTicks);
            _count++;
            return true;
        }

        return false;
    }

    public int Capacity => _slots.Length;

    public bool IsHeld(int slot) => _slots[slot].Length != 0;

    public ref readonly HeldFrame Get(int slot) => ref _slots[slot];

    public void Release(int slot)
    {
        _slots[slot] = default;
        _count--;
    }

    public void Dispose() => NativeMemory.Free(_memory);
}
