using System.Diagnostics;
using System.IO.Pipes;

namespace LogPipe.Supervision;

/// <summary>
/// A running worker, and whether it read any input before it ended. The worker writes one byte into a pipe it
/// inherits (<see cref="InputSignalVariable"/>) after its first read of stdin; once the worker has exited, the pipe has
/// no writer left, so reading it answers at once: a byte, or end of file for a worker that never read.
/// </summary>
internal sealed class WorkerProcess : IDisposable
{
    /// <summary>The variable through which the worker learns the descriptor it signals its first read on.</summary>
    public const string InputSignalVariable = "LOGPIPE_INPUT_SIGNAL_FD";

    private readonly AnonymousPipeServerStream _inputSignal;

    public WorkerProcess(Process process, AnonymousPipeServerStream inputSignal)
    {
        Process = process;
        _inputSignal = inputSignal;
    }

    public Process Process { get; }

    public int Id => Process.Id;

    /// <summary>After the worker has exited: whether it read input (and so made progress) before it ended.</summary>
    public bool ReadInput()
    {
        if (!Process.HasExited)
        {
            throw new InvalidOperationException("the worker is still running");
        }

        return _inputSignal.ReadByte() >= 0;
    }

    public void Dispose()
    {
        _inputSignal.Dispose();
        Process.Dispose();
    }
}
