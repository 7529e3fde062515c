namespace LogPipe.Native;

/// <summary>
/// Makes sure descriptors 0, 1 and 2 are LogPipe's own before anything else opens a file, as daemons do. A process
/// started with one of them closed (<c>logpipe &lt;&amp;- &gt;&amp;- 2&gt;&amp;-</c>) gives that number to the next
/// descriptor it opens: the runtime's signal pipe, created by the first PosixSignalRegistration, became "stdout", the
/// first log line written there was read back as a signal number (the process died of real-time signal 50, having
/// counted nothing), and with stdin closed the worker read its own signal pipe as input.
/// </summary>
/// <remarks>
/// The native build opens no descriptor before <c>Main</c>, so a closed one is still free here and gets
/// <c>/dev/null</c>. The JIT build's runtime opens a pipe of its own before <c>Main</c>, which may already hold a closed
/// number. Such a descriptor is told apart by its close-on-exec flag (one inherited through exec cannot have it), and
/// is never used as stdin, stdout or stderr: input is then empty and output discarded.
/// </remarks>
internal static class StandardDescriptors
{
    private const int StandardInput = 0;
    private const int StandardOutput = 1;
    private const int StandardError = 2;
    private const string NullDevice = "/dev/null";

    /// <summary>False when stdin was closed at start and its number is the runtime's own: read nothing from it.</summary>
    public static bool InputUsable { get; private set; } = true;

    /// <summary>False when stdout was closed at start and its number is the runtime's own: write nothing to it.</summary>
    public static bool OutputUsable { get; private set; } = true;

    /// <summary>False when stderr was closed at start and its number is the runtime's own: write nothing to it.</summary>
    public static bool ErrorUsable { get; private set; } = true;

    /// <summary>
    /// Opens <c>/dev/null</c> on each of 0, 1 and 2 that is closed, and notes those that another part of this process
    /// already holds. Returns false if <c>/dev/null</c> could not be opened. Must run before anything opens a descriptor.
    /// </summary>
    public static bool EnsureOpen()
    {
        for (var fd = StandardInput; fd <= StandardError; fd++)
        {
            if (LibC.ClosesOnExec(fd))
            {
                InputUsable &= fd != StandardInput;
                OutputUsable &= fd != StandardOutput;
                ErrorUsable &= fd != StandardError;
                continue;
            }

            if (LibC.IsOpen(fd))
            {
                continue;
            }

            // open() takes the lowest free number: fd itself, as the lower ones are open by now.
            var opened = LibC.Open(NullDevice, LibC.OReadWrite | LibC.ONoCtty, 0);
            if (opened < 0)
            {
                return false;
            }

            if (opened != fd)
            {
                LibC.Duplicate(opened, fd);
                LibC.Close(opened);
            }
        }

        if (!OutputUsable)
        {
            Console.SetOut(TextWriter.Null);
        }

        if (!ErrorUsable)
        {
            Console.SetError(TextWriter.Null);
        }

        return true;
    }

    /// <summary>Stdin, or an empty stream when it was closed at start.</summary>
    public static Stream OpenInput() => InputUsable ? Console.OpenStandardInput() : Stream.Null;

    /// <summary>Stdout, or a stream that discards when it was closed at start.</summary>
    public static Stream OpenOutput() => OutputUsable ? Console.OpenStandardOutput() : Stream.Null;
}
