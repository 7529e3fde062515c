using System.IO.Pipes;
using System.Runtime.InteropServices;

namespace LogPipe.Tests.Support;

/// <summary>Reads the kernel capacity of a pipe from either end, to see what the reader made of it.</summary>
internal static partial class PipeCapacity
{
    private const int FGetPipeSize = 1032;

    public static int Of(Stream pipeEnd)
    {
        var stream = pipeEnd as PipeStream ?? throw new ArgumentException($"not a pipe: {pipeEnd.GetType().Name}", nameof(pipeEnd));
        return Fcntl((int)stream.SafePipeHandle.DangerousGetHandle(), FGetPipeSize, 0);
    }

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int Fcntl(int fd, int command, int argument);
}
