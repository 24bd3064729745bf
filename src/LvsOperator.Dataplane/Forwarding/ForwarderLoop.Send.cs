using LvsOperator.Dataplane.Packets;
using LvsOperator.Dataplane.Sockets.Native;

namespace LvsOperator.Dataplane.Forwarding;

/// <summary>The loop's sending side: a verdict becomes a frame queued on its egress socket's batch, and batches are flushed.</summary>
public sealed unsafe partial class ForwarderLoop
{
    private void Emit(in ForwardingDecision decision, byte* data, int frameLength, in VirtioNetHeader header, bool checksumPartial)
    {
        switch (decision.Action)
        {
            case ForwardingAction.Ignore:
                Counters.Ignored++;
                return;
            case ForwardingAction.Drop:
            case ForwardingAction.Hold: // not held (queue full, GSO, too large) or held past its deadline
                Counters.CountDrop(decision.Reason);
                return;
        }

        if ((uint)decision.Length > (uint)frameLength || decision.Length == 0)
        {
            Counters.CountDrop(DropReason.SendFailed);
            return;
        }

        int egress = FindSocket(decision.InterfaceIndex);
        if (egress < 0)
        {
            Counters.CountDrop(DropReason.NoRoute);
            return;
        }

        var batch = _batches[egress];
        bool forward = decision.Action == ForwardingAction.Forward;
        if (forward && !batch.Socket.VnetHeader && checksumPartial)
        {
            // Without a virtio-net header nobody would finish the checksum: never send it half done.
            Counters.CountDrop(DropReason.SendFailed);
            return;
        }

        if (batch.IsFull)
        {
            Flush(egress);
        }

        // A reply was built in place with complete checksums and no GSO: it leaves with an empty virtio-net header.
        batch.TryAdd(data, decision.Length, forward ? header.ForTransmit(decision.Length) : default);
        if (forward)
        {
            Counters.Forwarded++;
        }
        else
        {
            Counters.Replied++;
        }
    }

    private int FindSocket(int interfaceIndex)
    {
        for (int i = 0; i < _sockets.Length; i++)
        {
            if (_sockets[i].InterfaceIndex == interfaceIndex)
            {
                return i;
            }
        }

        return -1;
    }

    private void FlushAll()
    {
        for (int i = 0; i < _batches.Length; i++)
        {
            if (_batches[i].Count > 0)
            {
                Flush(i);
            }
        }
    }

    private void Flush(int index)
    {
        var batch = _batches[index];
        var counters = Counters.Interfaces[index];
        int queued = batch.Count;
        long bytes = batch.PendingBytes;
        int sent = batch.Flush(out int failed, out int errno);
        counters.TxFrames += sent;
        counters.TxBytes += failed == 0 ? bytes : bytes * sent / Math.Max(1, queued);
        if (failed > 0)
        {
            counters.TxErrors += failed;
            for (int i = 0; i < failed; i++)
            {
                Counters.CountDrop(DropReason.SendFailed);
            }

            LogSendFailed(_logger, failed, batch.Socket.InterfaceIndex, errno);
        }
    }
}
