using System.Runtime.InteropServices;

namespace LogPipe.Native;

/// <summary>The few Linux calls .NET does not expose: signals to a PID, the parent PID, and the pipe buffer size.</summary>
internal static partial class LibC
{
    public const int SigInt = 2;
    public const int SigTerm = 15;

    // fcntl(2) commands from <linux/fcntl.h> (F_LINUX_SPECIFIC_BASE 1024 + 7 and + 8).
    private const int FSetPipeSize = 1031;
    private const int FGetPipeSize = 1032;

    public static bool TrySendSignal(int processId, int signal) => Kill(processId, signal) == 0;

    public static int ParentProcessId() => GetParentProcessId();

    /// <summary>Sets the capacity of the pipe behind <paramref name="fd"/>; returns the capacity the kernel granted, or -1 with errno.</summary>
    public static int SetPipeSize(int fd, int size) => Fcntl(fd, FSetPipeSize, size);

    /// <summary>The capacity of the pipe behind <paramref name="fd"/>, or -1 when it is not a pipe.</summary>
    public static int GetPipeSize(int fd) => Fcntl(fd, FGetPipeSize, 0);

    public static int LastError() => Marshal.GetLastPInvokeError();

    /// <summary>
    /// True when <paramref name="fd"/> is a file that can be sought in (a regular file, or a device like /dev/null);
    /// false for a pipe, a socket or a terminal, whose writer would wait for a reader that waits.
    /// </summary>
    public static bool IsSeekable(int fd) => Seek(fd, 0, SeekCurrent) >= 0;

    private const int SeekCurrent = 1;

    [LibraryImport("libc", EntryPoint = "lseek", SetLastError = true)]
    private static partial long Seek(int fd, long offset, int whence);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "getppid")]
    private static partial int GetParentProcessId();

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int Fcntl(int fd, int command, int argument);
}
