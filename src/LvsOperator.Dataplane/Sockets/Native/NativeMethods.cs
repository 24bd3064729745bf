using System.Runtime.InteropServices;
using Tmds.Linux;

namespace LvsOperator.Dataplane.Sockets.Native;

/// <summary>libc entry points Tmds.LibC 0.5.0 lacks.</summary>
internal static unsafe partial class NativeMethods
{
    /// <summary>sendmmsg(2): several datagrams (here: frames) in one system call.</summary>
    [LibraryImport("libc", EntryPoint = "sendmmsg", SetLastError = true)]
    public static partial int SendMmsg(int socket, mmsghdr* messages, uint count, int flags);

    /// <summary>recvmmsg(2): several datagrams (here: frames) in one system call.</summary>
    [LibraryImport("libc", EntryPoint = "recvmmsg", SetLastError = true)]
    public static partial int RecvMmsg(int socket, mmsghdr* messages, uint count, int flags, void* timeout);
}
