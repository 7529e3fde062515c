using System.Globalization;

namespace LogPipe.Tests.Support;

/// <summary>
/// Reads /proc to find the children of a process, e.g. the worker a supervisor started, and kills a process only while
/// its command line shows it is the test's own (a PID may be reused).
/// </summary>
public static class ProcessTree
{
    public static IReadOnlyList<int> ChildrenOf(int parentId)
    {
        var children = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                continue;
            }

            if (ParentOf(id) == parentId)
            {
                children.Add(id);
            }
        }

        return children;
    }

    /// <summary>The parent PID from /proc/PID/stat, or null when the process is gone.</summary>
    public static int? ParentOf(int processId)
    {
        try
        {
            // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so parse after the last ')'.
            var stat = File.ReadAllText($"/proc/{processId}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[1], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null;
        }
    }

    public static bool IsAlive(int processId)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{processId}/stat");
            return stat[stat.LastIndexOf(')') + 2] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>The command line from /proc/PID/cmdline, arguments separated by spaces; null when the process is gone.</summary>
    public static string? CommandLineOf(int processId)
    {
        try
        {
            return File.ReadAllText($"/proc/{processId}/cmdline").Replace('\0', ' ');
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>SIGKILL, only when the PID still belongs to this test: its command line holds <paramref name="marker"/>.</summary>
    public static void KillIfOurs(int processId, string marker)
    {
        if (IsAlive(processId) && CommandLineOf(processId)?.Contains(marker, StringComparison.Ordinal) == true)
        {
            try
            {
                PosixSignals.Send(processId, PosixSignalNumber.Kill);
            }
            catch (InvalidOperationException)
            {
                // Exited between the check and the signal.
            }
        }
    }
}
