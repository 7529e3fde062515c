using System.Runtime.InteropServices;

namespace LogPipe.Tests.Support;

public enum PosixSignalNumber
{
    Hangup = 1,
    Interrupt = 2,
    Kill = 9,
    Terminate = 15,
    Stop = 19,
    Continue = 18,
}

/// <summary>Sends a signal to one process the test started, by PID, as Apache or an operator would.</summary>
internal static partial class PosixSignals
{
    public static void Send(int processId, PosixSignalNumber signal)
    {
        // A shell without job control starts a background command with SIGINT ignored, every process started from it
        // inherits that, and LogPipe, as programs do, leaves an inherited ignore alone: the test would wait for nothing.
        if (signal == PosixSignalNumber.Interrupt && IsIgnoredByThisProcess(signal))
        {
            throw new InvalidOperationException(
                "SIGINT is ignored by the test process, and so by the logpipe it started: run the tests in the foreground, not in the background of a non-interactive shell");
        }

        if (Kill(processId, (int)signal) != 0)
        {
            throw new InvalidOperationException($"kill({processId}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    // SigIgn in /proc/self/status: the ignored signals as a hexadecimal mask, signal N at bit N - 1.
    private static bool IsIgnoredByThisProcess(PosixSignalNumber signal)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("SigIgn:", StringComparison.Ordinal))
            {
                var ignored = ulong.Parse(line.AsSpan("SigIgn:".Length).Trim(), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
                return (ignored & (1UL << ((int)signal - 1))) != 0;
            }
        }

        return false;
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int sig);
}
