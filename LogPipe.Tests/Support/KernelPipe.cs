using System.IO.Pipes;
using System.Runtime.InteropServices;

namespace LogPipe.Tests.Support;

/// <summary>What the kernel holds of a pipe, read from either end: its capacity, and the bytes not yet read.</summary>
internal static partial class KernelPipe
{
    private const int FGetPipeSize = 1032;
    private const int FionRead = 0x541B;

    /// <summary>The pipe's capacity in bytes, to see what the reader made of it.</summary>
    public static int Capacity(Stream pipeEnd) => Fcntl(Descriptor(pipeEnd), FGetPipeSize, 0);

    /// <summary>Bytes written and not yet read: 0 once the reader has taken everything.</summary>
    public static int Unread(Stream pipeEnd)
    {
        var result = Ioctl(Descriptor(pipeEnd), FionRead, out var unread);
        return result == 0 ? unread : throw new IOException($"FIONREAD failed: errno {Marshal.GetLastPInvokeError()}");
    }

    private static int Descriptor(Stream pipeEnd)
    {
        var stream = pipeEnd as PipeStream ?? throw new ArgumentException($"not a pipe: {pipeEnd.GetType().Name}", nameof(pipeEnd));
        return (int)stream.SafePipeHandle.DangerousGetHandle();
    }

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int Fcntl(int fd, int command, int argument);

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static partial int Ioctl(int fd, int request, out int value);
}
