using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace LvsOperator.Agent.Config;

/// <summary>
/// Reads the config file without trusting what is at its path. It is opened O_NONBLOCK, because opening a FIFO put in
/// its place would otherwise block the reload loop forever; it must be a regular file (not a directory, device or
/// FIFO: /dev/zero would never end); and it is refused past the size limit, first by the size fstat reports, then
/// while reading, since a file can grow under the reader. Never throws for what the file system holds.
/// </summary>
internal static unsafe class ConfigFileReader
{
    public static bool TryRead(string path, int sizeLimit, out byte[] content, [NotNullWhen(false)] out string? problem)
    {
        ArgumentNullException.ThrowIfNull(path);
        content = [];
        int fd;
        fixed (byte* name = Encoding.UTF8.GetBytes(path + "\0"))
        {
            fd = open(name, O_RDONLY | O_NONBLOCK | O_CLOEXEC, 0);
        }

        if (fd < 0)
        {
            problem = $"cannot open {path}: {Marshal.GetPInvokeErrorMessage(errno)}";
            return false;
        }

        using var handle = new SafeFileHandle(fd, ownsHandle: true);
        stat status;
        if (fstat(fd, &status) != 0)
        {
            problem = $"cannot stat {path}: {Marshal.GetPInvokeErrorMessage(errno)}";
            return false;
        }

        var type = status.st_mode & S_IFMT;
        if (type != S_IFREG)
        {
            problem = type == S_IFDIR ? $"{path} is a directory, not a file" : $"{path} is not a regular file (a FIFO, socket or device)";
            return false;
        }

        long size = status.st_size;
        if (size > sizeLimit)
        {
            problem = string.Create(CultureInfo.InvariantCulture,
                $"{path} is {size:N0} bytes, over the limit of {sizeLimit:N0} bytes (--config-size-limit); it was not read");
            return false;
        }

        return TryReadAll(handle, path, (int)size, sizeLimit, out content, out problem);
    }

    private static bool TryReadAll(SafeFileHandle handle, string path, int size, int sizeLimit, out byte[] content, [NotNullWhen(false)] out string? problem)
    {
        // One byte more than the limit tells "exactly at the limit" from "grew past it".
        var buffer = new byte[Math.Min(size, sizeLimit) + 1];
        var total = 0;
        try
        {
            int read;
            while ((read = RandomAccess.Read(handle, buffer.AsSpan(total), total)) > 0)
            {
                total += read;
                if (total == buffer.Length)
                {
                    if (buffer.Length > sizeLimit)
                    {
                        content = [];
                        problem = string.Create(CultureInfo.InvariantCulture,
                            $"{path} grew past the limit of {sizeLimit:N0} bytes (--config-size-limit) while it was read");
                        return false;
                    }

                    Array.Resize(ref buffer, (int)Math.Min(2L * buffer.Length, sizeLimit + 1L));
                }
            }
        }
        catch (IOException e)
        {
            content = [];
            problem = $"cannot read {path}: {e.Message}";
            return false;
        }

        content = buffer.AsSpan(0, total).ToArray();
        problem = null;
        return true;
    }
}
