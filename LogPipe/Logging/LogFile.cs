using System.Globalization;
using System.Runtime.InteropServices;
using LogPipe.Native;
using Microsoft.Win32.SafeHandles;

namespace LogPipe.Logging;

/// <summary>
/// The one file <c>--log-file</c> names, opened once at start, before LogPipe gives up root (<c>--user</c>): the
/// supervisor opens it and its workers inherit the descriptor, so neither needs to open a path again. Opened for
/// appending, never through a symbolic link (O_NOFOLLOW: a link planted at the path would make root write into the
/// file it points at), created 0640, and never in a directory LogPipe would have to create.
/// </summary>
internal sealed class LogFile : IDisposable
{
    /// <summary>The variable through which a worker learns the inherited descriptor of its supervisor's log file.</summary>
    public const string DescriptorVariable = "LOGPIPE_LOG_FD";

    // rw-r-----: the owner writes, the group (adm, say) reads, others nothing; the umask may take more away.
    private const int CreateMode = 0b110_100_000;

    private LogFile(SafeFileHandle handle, string path)
    {
        Handle = handle;
        Path = path;
    }

    public SafeFileHandle Handle { get; }

    public string Path { get; }

    /// <summary>The descriptor number, for <see cref="DescriptorVariable"/>.</summary>
    public int Descriptor => (int)Handle.DangerousGetHandle();

    /// <summary>Opens <paramref name="path"/> for appending, creating it if needed; on failure, one line saying why.</summary>
    /// <param name="inheritable">Keep the descriptor open across exec, for the worker the supervisor starts.</param>
    public static bool TryOpen(string path, bool inheritable, out LogFile? file, out string? error)
    {
        ArgumentNullException.ThrowIfNull(path);
        file = null;

        // O_NONBLOCK: a FIFO nobody reads is refused (ENXIO) instead of hanging the start; it changes nothing for a file.
        var flags = LibC.OWriteOnly | LibC.OAppend | LibC.OCreate | LibC.ONoFollow | LibC.ONonBlock | LibC.ONoCtty
            | (inheritable ? 0 : LibC.OCloseOnExec);
        var fd = LibC.Open(path, flags, CreateMode);
        if (fd < 0)
        {
            error = Describe(path, LibC.LastError());
            return false;
        }

        file = new LogFile(new SafeFileHandle(fd, ownsHandle: true), path);
        error = null;
        return true;
    }

    /// <summary>Takes over the descriptor a supervisor passed in <see cref="DescriptorVariable"/>.</summary>
    public static bool TryAdopt(string? descriptor, string path, out LogFile? file, out string? error)
    {
        file = null;
        if (!int.TryParse(descriptor, NumberStyles.None, CultureInfo.InvariantCulture, out var fd) || fd <= 2 || !LibC.IsOpen(fd))
        {
            error = $"--log-file: the supervisor's descriptor of '{path}' ({DescriptorVariable}={descriptor}) is not open";
            return false;
        }

        file = new LogFile(new SafeFileHandle(fd, ownsHandle: true), path);
        error = null;
        return true;
    }

    public void Dispose() => Handle.Dispose();

    private static string Describe(string path, int errno)
    {
        var directory = System.IO.Path.GetDirectoryName(path) ?? "/";
        return errno switch
        {
            LibC.ELoop => $"--log-file: '{path}' is a symbolic link; LogPipe opens log files only directly, give the path of the file itself",
            LibC.EIsDir => $"--log-file: '{path}' is a directory; give the path of a file in it, e.g. {System.IO.Path.Combine(path, "logpipe.log")}",
            LibC.ENoEnt when !Directory.Exists(directory) => $"--log-file: the directory '{directory}' does not exist; create it first, e.g. install -d -m 0750 {directory}",
            LibC.ENotDir => $"--log-file: '{directory}' is not a directory",
            _ => $"--log-file: cannot open '{path}' for writing: {Marshal.GetPInvokeErrorMessage(errno)}",
        };
    }
}
