using System.Runtime.InteropServices;

namespace LvsOperator.Dataplane.Native;

/// <summary>Turns a failed system call's errno into an exception with the call's name and the kernel's words for it.</summary>
internal static class NativeError
{
    public static IOException Exception(string operation, int errno) =>
        new($"{operation} failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})");

    public static IOException Last(string operation) => Exception(operation, Tmds.Linux.LibC.errno);
}
