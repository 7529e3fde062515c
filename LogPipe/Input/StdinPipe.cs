using LogPipe.Native;
using Serilog;

namespace LogPipe.Input;

/// <summary>
/// Enlarges the pipe Apache writes into. Apache's pipe holds 64 KiB (about 280 lines); when it is full every request
/// thread blocks in its logging phase. A bigger pipe absorbs bursts and LogPipe's own pauses (GC, a restart).
/// </summary>
internal static class StdinPipe
{
    private const int StandardInput = 0;

    /// <summary>Asks for <paramref name="size"/> bytes when stdin is a pipe; a file or terminal is left alone.</summary>
    public static void TryEnlarge(int size, ILogger log)
    {
        var current = LibC.GetPipeSize(StandardInput);
        if (current < 0 || current >= size)
        {
            return;
        }

        var granted = LibC.SetPipeSize(StandardInput, size);
        if (granted < 0)
        {
            // EPERM above /proc/sys/fs/pipe-max-size for unprivileged users; Apache runs us as root, so rare.
            log.Warning("Could not enlarge the stdin pipe from {Current} to {Requested} bytes (errno {Errno}); bursts of over {Current} bytes can block Apache", current, size, LibC.LastError(), current);
            return;
        }

        log.Debug("Stdin pipe enlarged from {Current} to {Granted} bytes", current, granted);
    }
}
