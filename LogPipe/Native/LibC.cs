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

    public static uint EffectiveUserId() => GetEffectiveUserId();

    public static uint EffectiveGroupId() => GetEffectiveGroupId();

    /// <summary>The user's IDs from the passwd database (getpwnam), or false when there is no such user.</summary>
    public static bool TryFindUser(string name, out uint userId, out uint groupId)
    {
        // struct passwd on 64-bit Linux: pw_name, pw_passwd (pointers), then pw_uid and pw_gid (32-bit each).
        var entry = GetPasswordEntry(name);
        userId = entry == 0 ? 0 : (uint)Marshal.ReadInt32(entry, 16);
        groupId = entry == 0 ? 0 : (uint)Marshal.ReadInt32(entry, 20);
        return entry != 0;
    }

    /// <summary>The group's ID from the group database (getgrnam), or false when there is no such group.</summary>
    public static bool TryFindGroup(string name, out uint groupId)
    {
        // struct group on 64-bit Linux: gr_name, gr_passwd (pointers), then gr_gid (32-bit).
        var entry = GetGroupEntry(name);
        groupId = entry == 0 ? 0 : (uint)Marshal.ReadInt32(entry, 16);
        return entry != 0;
    }

    /// <summary>
    /// Becomes <paramref name="userId"/> with primary group <paramref name="groupId"/> and the user's supplementary
    /// groups, in every thread (glibc applies set*id to all of them). Returns 0, or the errno of the step that failed.
    /// </summary>
    public static int SwitchUser(string user, uint userId, uint groupId)
    {
        // Groups first: once the user ID is given up, the right to change them is gone.
        if (InitGroups(user, groupId) != 0 || SetGroupId(groupId) != 0 || SetUserId(userId) != 0)
        {
            return LastError();
        }

        return 0;
    }

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

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int OpenFile(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int CloseDescriptor(int fd);

    [LibraryImport("libc", EntryPoint = "dup2", SetLastError = true)]
    private static partial int Dup2(int oldFd, int newFd);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUserId();

    [LibraryImport("libc", EntryPoint = "getegid")]
    private static partial uint GetEffectiveGroupId();

    [LibraryImport("libc", EntryPoint = "getpwnam", StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint GetPasswordEntry(string name);

    [LibraryImport("libc", EntryPoint = "getgrnam", StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint GetGroupEntry(string name);

    [LibraryImport("libc", EntryPoint = "initgroups", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int InitGroups(string user, uint groupId);

    [LibraryImport("libc", EntryPoint = "setgid", SetLastError = true)]
    private static partial int SetGroupId(uint groupId);

    [LibraryImport("libc", EntryPoint = "setuid", SetLastError = true)]
    private static partial int SetUserId(uint userId);

    [LibraryImport("libc", EntryPoint = "getppid")]
    private static partial int GetParentProcessId();

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int Fcntl(int fd, int command, int argument);
}
