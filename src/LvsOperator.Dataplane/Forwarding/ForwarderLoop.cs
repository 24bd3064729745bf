using LvsOperator.Dataplane.Packets;
using LvsOperator.Dataplane.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tmds.Linux;

namespace LvsOperator.Dataplane.Forwarding;

/// <summary>
/// The receive → process → send loop over the director's packet sockets, on one dedicated thread. Per block (a ring
/// block or one recvmmsg batch): every frame goes to the <see cref="IFrameProcessor"/>, frames to send are queued (not
/// copied) per egress socket, all queues are flushed with sendmmsg, and only then is the block released. A control hook
/// runs after every turn over the sockets (queued control work, a listing's steps) and a tick hook every
/// <see cref="ForwarderLoopOptions.TickInterval"/> (connection expiry). Nothing is allocated per frame.
/// </summary>
public sealed unsafe partial class ForwarderLoop : IDisposable
{
    private readonly PacketSocket[] _sockets;
    private readonly IPacketReceiver[] _receivers;
    private readonly TransmitBatch[] _batches;
    private readonly IFrameProcessor _processor;
    private readonly Action? _tick;
    private readonly Func<bool>? _control;
    private readonly ForwarderLoopOptions _options;
    private readonly ILogger<ForwarderLoop> _logger;
    private readonly TimeProvider _time;
    private readonly NeighbourWaitQueue _waiting;

    // Per socket: may a receive find something? A receiver without a batch size (the ring) always: looking costs a
    // memory read. A batching one (recvmmsg) until a receive comes back short, then again once poll says so, so an
    // idle socket costs no system call.
    private readonly bool[] _readable;
    private bool _pollFailing;

    /// <param name="control">
    /// Between batches, after every turn over the sockets (<see cref="Director.RunQueued"/>); true while more control work
    /// is expected at once, so an idle loop waits at most 1 ms for it instead of a tick interval.
    /// </param>
    public ForwarderLoop(
        IReadOnlyList<PacketSocket> sockets,
        IFrameProcessor processor,
        Action? tick,
        IOptions<ForwarderLoopOptions> options,
        ILogger<ForwarderLoop> logger,
        TimeProvider time,
        Func<bool>? control = null)
    {
        ArgumentNullException.ThrowIfNull(sockets);
        ArgumentNullException.ThrowIfNull(processor);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(time);
        _sockets = [.. sockets];
        _processor = processor;
        _tick = tick;
        _control = control;
        _options = options.Value;
        _logger = logger;
        _time = time;
        _receivers = new IPacketReceiver[_sockets.Length];
        _batches = new TransmitBatch[_sockets.Length];
        var indexes = new int[_sockets.Length];
        for (int i = 0; i < _sockets.Length; i++)
        {
            _receivers[i] = _sockets[i].Receiver;
            _batches[i] = new TransmitBatch(_sockets[i], _options.TransmitBatchSize);
            indexes[i] = _sockets[i].InterfaceIndex;
        }

        _readable = new bool[_sockets.Length];
        Array.Fill(_readable, true);
        Counters = new ForwarderCounters(indexes);
        _waiting = new NeighbourWaitQueue(_options.NeighbourQueueCapacity, _options.NeighbourHoldTime, time.TimestampFrequency);
    }

    public ForwarderCounters Counters { get; }

    /// <summary>Runs the loop on a new dedicated thread; the task completes when the loop has exited.</summary>
    public Task Start(CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                Run(cancellationToken);
                done.SetResult();
            }
            catch (Exception e)
            {
                LogLoopFailed(_logger, e);
                done.SetException(e);
            }
        })
        { IsBackground = true, Name = "lvs forwarder" };
        thread.Start();
        return done.Task;
    }

    /// <summary>Runs the loop on the calling thread until <paramref name="cancellationToken"/> is cancelled.</summary>
    public void Run(CancellationToken cancellationToken)
    {
        var polls = stackalloc pollfd[_sockets.Length];
        for (int i = 0; i < _sockets.Length; i++)
        {
            polls[i] = new pollfd { fd = _sockets[i].FileDescriptor, events = LibC.POLLIN };
        }

        var tickTicks = (long)(_options.TickInterval.TotalSeconds * _time.TimestampFrequency);
        var nextTick = _time.GetTimestamp() + tickTicks;
        var pollTimeoutMs = Math.Max(1, (int)_options.TickInterval.TotalMilliseconds);
        LogLoopStarted(_logger, _sockets.Length);
        while (!cancellationToken.IsCancellationRequested)
        {
            bool busy = false;
            bool stale = false;
            for (int i = 0; i < _sockets.Length; i++)
            {
                busy |= DrainSocket(i);
                stale |= !_readable[i];
            }

            // Every turn, not only at ticks: listing a full table takes hundreds of steps, each one posted as the
            // previous one has been written out, and a step per tick would stretch a listing over tens of seconds.
            bool controlActive = _control?.Invoke() ?? false;
            var now = _time.GetTimestamp();
            if (now >= nextTick)
            {
                for (int i = 0; i < _sockets.Length; i++)
                {
                    Counters.Interfaces[i].RxRingDrops += _sockets[i].ReadRingDrops();
                }

                _tick?.Invoke();
                nextTick = now + tickTicks;
            }

            if (_waiting.Count > 0)
            {
                RetryWaiting(now);
            }

            // Busy: look again at once, but ask poll (without waiting) about recvmmsg sockets that came back short,
            // or a busy interface would starve a quiet one. Idle: a bounded wait, so cancellation and ticks are
            // noticed without a wake-up descriptor.
            if (!busy || stale)
            {
                for (int i = 0; i < _sockets.Length; i++)
                {
                    polls[i].revents = 0;
                }

                int ready = LibC.poll(polls, (uint)_sockets.Length, busy ? 0 : _waiting.Count > 0 || controlActive ? 1 : pollTimeoutMs);
                CheckPoll(ready);
                for (int i = 0; i < _sockets.Length; i++)
                {
                    _readable[i] |= polls[i].revents != 0;
                }
            }
        }

        LogLoopStopped(_logger);
    }

    /// <summary>
    /// EINTR is a signal (the runtime's, a debugger's): nothing to say. Any other failure would repeat on every turn of
    /// the loop, so it is logged once, and again only after poll has worked in between.
    /// </summary>
    private void CheckPoll(int ready)
    {
        if (ready >= 0)
        {
            _pollFailing = false;
            return;
        }

        int errno = LibC.errno;
        if (errno != LibC.EINTR && !_pollFailing)
        {
            _pollFailing = true;
            LogPollFailed(_logger, errno);
        }
    }

    /// <summary>Processes up to <see cref="ForwarderLoopOptions.BlocksPerTurn"/> blocks; true when more may be waiting.</summary>
    private bool DrainSocket(int socketIndex)
    {
        if (!_readable[socketIndex])
        {
            return false;
        }

        var socket = _sockets[socketIndex];
        var receiver = _receivers[socketIndex];
        int batchSize = receiver.BatchSize;
        bool batched = batchSize > 0;
        var rx = Counters.Interfaces[socketIndex];
        bool any = false;
        for (int turn = 0; turn < _options.BlocksPerTurn; turn++)
        {
            if (!receiver.TryGetBlock(out var block))
            {
                _readable[socketIndex] = !batched;
                return any && !batched;
            }

            any = true;
            long rxFrames = 0;
            long rxBytes = 0;
            foreach (var frame in block)
            {
                rxFrames++;
                rxBytes += frame.WireLength;
                ProcessFrame(socket, frame);
            }

            rx.RxFrames += rxFrames;
            rx.RxBytes += rxBytes;
            FlushAll();
            receiver.ReleaseBlock();
            if (block.PacketCount < batchSize)
            {
                // The kernel stopped short because the queue was empty: wait for poll rather than ask again.
                _readable[socketIndex] = false;
                return false;
            }
        }

        return any;
    }

    private void ProcessFrame(PacketSocket ingress, in RxFrame frame)
    {
        if (frame.IsTruncated)
        {
            // The kernel keeps its own copy; only the forwarder misses it. A block too small for the frame.
            Counters.CountDrop(DropReason.FrameTooLarge);
            return;
        }

        var metadata = frame.Metadata;
        if (metadata.GsoSegmentSize > 0)
        {
            Counters.GsoFrames++;
        }

        var decision = _processor.Process(frame.Frame, ingress.InterfaceIndex, in metadata);
        if (decision.Action == ForwardingAction.Hold && _waiting.TryHold(frame, ingress.InterfaceIndex, _time.GetTimestamp()))
        {
            Counters.HeldForNeighbour++;
            return;
        }

        Emit(decision, frame.Data, frame.Length, frame.VirtioHeader, metadata.ChecksumPartial);
    }

    /// <summary>Frames held for an unresolved next hop get another verdict; those still unresolved wait until their deadline.</summary>
    private void RetryWaiting(long now)
    {
        for (int slot = 0; slot < _waiting.Capacity && _waiting.Count > 0; slot++)
        {
            if (!_waiting.IsHeld(slot))
            {
                continue;
            }

            var held = _waiting.Get(slot);
            var metadata = held.Metadata;
            var decision = _processor.Process(held.Frame, held.IngressInterfaceIndex, in metadata);
            if (decision.Action == ForwardingAction.Hold && now < held.Deadline)
            {
                continue;
            }

            // Resolved (sent, or dropped for another reason), or out of time: a Hold is then counted as its drop.
            Emit(decision, held.Data, held.Length, held.Header, metadata.ChecksumPartial);
            _waiting.Release(slot);
        }

        FlushAll();
    }

    public void Dispose()
    {
        foreach (var batch in _batches)
        {
            batch.Dispose();
        }

        _waiting.Dispose();
    }
}
