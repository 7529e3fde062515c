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
        if (Kill(processId, (int)signal) != 0)
        {
            throw new InvalidOperationException($"kill({processId}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int sig);
}
