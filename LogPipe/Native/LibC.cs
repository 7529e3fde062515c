using System.Runtime.InteropServices;

namespace LogPipe.Native;

/// <summary>
/// The few Linux calls .NET does not expose: signals to a PID, the parent PID, the pipe buffer size, descriptors opened
/// with flags .NET does not offer (O_NOFOLLOW), and the user and group IDs.
/// </summary>
internal static partial class LibC
{
    public const int SigInt = 2;
    public const int SigTerm = 15;

    // errno values from <asm-generic/errno-base.h> and <asm-generic/errno.h>.
    public const int EPerm = 1;
    public const int ENoEnt = 2;
    public const int EBadF = 9;
    public const int EAcces = 13;
    public const int ENotDir = 20;
    public const int EIsDir = 21;
    public const int ELoop = 40;

    // open(2) flags for x86-64 and arm64 Linux, from <asm-generic/fcntl.h>.
    public const int OReadWrite = 0x2;
    public const int OWriteOnly = 0x1;
    public const int OCreate = 0x40;
    public const int ONoCtty = 0x100;
    public const int OAppend = 0x400;
    public const int ONonBlock = 0x800;
    public const int ONoFollow = 0x20000;
    public const int OCloseOnExec = 0x80000;

    // fcntl(2) commands from <linux/fcntl.h> (F_LINUX_SPECIFIC_BASE 1024 + 7 and + 8).
    private const int FGetFd = 1;
    private const int FSetFd = 2;
    private const int FdCloseOnExec = 1;
    private const int FSetPipeSize = 1031;
    private const int FGetPipeSize = 1032;

    public static bool TrySendSignal(int processId, int signal) => Kill(processId, signal) == 0;

    public static int ParentProcessId() => GetParentProcessId();

    /// <summary>Sets the capacity of the pipe behind <paramref name="fd"/>; returns the capacity the kernel granted, or -1 with errno.</summary>
    public static int SetPipeSize(int fd, int size) => Fcntl(fd, FSetPipeSize, size);

    /// <summary>The capacity of the pipe behind <paramref name="fd"/>, or -1 when it is not a pipe.</summary>
    public static int GetPipeSize(int fd) => Fcntl(fd, FGetPipeSize, 0);

    public static int LastError() => Marshal.GetLastPInvokeError();

    /// <summary>Whether <paramref name="fd"/> is an open descriptor of this process.</summary>
    public static bool IsOpen(int fd) => Fcntl(fd, FGetFd, 0) != -1 || LastError() != EBadF;

    /// <summary>open(2): the new descriptor, or -1 with errno.</summary>
    public static int Open(string path, int flags, int mode) => OpenFile(path, flags, mode);

    /// <summary>Whether <paramref name="fd"/> is open and closes at exec, as every descriptor .NET opens does.</summary>
    public static bool ClosesOnExec(int fd)
    {
        var flags = Fcntl(fd, FGetFd, 0);
        return flags != -1 && (flags & FdCloseOnExec) != 0;
    }

    /// <summary>Makes <paramref name="fd"/> stay open across exec, so that a child started later inherits it.</summary>
    public static bool TryInherit(int fd)
    {
        var flags = Fcntl(fd, FGetFd, 0);
        return flags != -1 && Fcntl(fd, FSetFd, flags & ~FdCloseOnExec) != -1;
    }

    public static int Close(int fd) => CloseDescriptor(fd);

    /// <summary>dup2(2): makes <paramref name="newFd"/> a copy of <paramref name="oldFd"/>; -1 with errno.</summary>
    public static int Duplicate(int oldFd, int newFd) => Dup2(oldFd, newFd);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int OpenFile(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int CloseDescriptor(int fd);

    [LibraryImport("libc", EntryPoint = "dup2", SetLastError = true)]
    private static partial int Dup2(int oldFd, int newFd);

    [LibraryImport("libc", EntryPoint = "getppid")]
    private static partial int GetParentProcessId();

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int Fcntl(int fd, int command, int argument);
}
