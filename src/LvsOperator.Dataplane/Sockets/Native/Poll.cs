using LvsOperator.Dataplane.Native;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace LvsOperator.Dataplane.Sockets.Native;

/// <summary>poll(2) on one descriptor, for a receiver's blocking wait.</summary>
internal static unsafe class Poll
{
    /// <summary>True when <paramref name="fd"/> became readable within <paramref name="timeoutMs"/>; false on timeout or EINTR.</summary>
    public static bool Readable(int fd, int timeoutMs)
    {
        var poll = new pollfd { fd = fd, events = POLLIN };
        int ready = LibC.poll(&poll, 1, timeoutMs);
        if (ready < 0 && errno != EINTR)
        {
            throw NativeError.Last("poll(packet socket)");
        }

        return ready > 0;
    }
}
