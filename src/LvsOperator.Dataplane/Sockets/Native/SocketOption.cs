using LvsOperator.Dataplane.Native;
using static Tmds.Linux.LibC;

namespace LvsOperator.Dataplane.Sockets.Native;

/// <summary>setsockopt(2) with an int value, for the packet socket and its receivers: a refusal is an exception naming the option.</summary>
internal static unsafe class SocketOption
{
    public static void Set(int fd, int level, int name, int value, string what)
    {
        if (setsockopt(fd, level, name, &value, sizeof(int)) != 0)
        {
            throw NativeError.Last($"setsockopt({what})");
        }
    }

    /// <summary>
    /// A buffer size: the *FORCE variant passes net.core.[rw]mem_max but needs CAP_NET_ADMIN; without it the plain
    /// option, capped by the sysctl, still helps, and only its refusal is an error.
    /// </summary>
    public static void SetBuffer(int fd, int forced, int plain, int bytes, string what)
    {
        if (setsockopt(fd, SOL_SOCKET, forced, &bytes, sizeof(int)) != 0)
        {
            Set(fd, SOL_SOCKET, plain, bytes, what);
        }
    }
}
