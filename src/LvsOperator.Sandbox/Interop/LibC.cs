using System.Runtime.InteropServices;

namespace LvsOperator.Sandbox.Interop;

internal static partial class LibC
{
    public const int CloneNewNet = 0x40000000;
    public const int SigTerm = 15;
    public const int SigInt = 2;
    public const int SigKill = 9;

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    public static partial int SetNs(int fd, int nsType);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);
}
