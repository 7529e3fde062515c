using LogPipe.Supervision;
using Serilog;

namespace LogPipe.Worker;

/// <summary>
/// What signals mean to a piped logger. SIGTERM is "finish": Apache sends it at a graceful restart while its old
/// children still write into the pipe, so reading goes on until end of input (bounded by the drain timeout).
/// SIGINT, Ctrl-C by hand, is "stop now". SIGHUP, sent to the whole process group by prefork restarts, is ignored.
/// </summary>
internal sealed class WorkerSignals : IDisposable
{
    private readonly CancellationTokenSource _stopNow = new();
    private readonly TimeSpan _drainTimeout;
    private readonly ILogger _log;
    private readonly IDisposable _terminate;
    private readonly IDisposable _interrupt;
    private int _draining;

    public WorkerSignals(ProcessSignals signals, TimeSpan drainTimeout, ILogger log)
    {
        ArgumentNullException.ThrowIfNull(signals);
        _drainTimeout = drainTimeout;
        _log = log;
        _terminate = signals.OnTerminate(() => BeginDraining("SIGTERM"));
        _interrupt = signals.OnInterrupt(() => RequestStop("SIGINT"));
    }

    /// <summary>Cancelled by SIGINT, or when the drain timeout after SIGTERM runs out: stop reading, flush, exit.</summary>
    public CancellationToken StopNow => _stopNow.Token;

    /// <summary>Asks to stop now, as SIGINT does; used when the supervisor is gone.</summary>
    public void RequestStop(string reason)
    {
        _log.Warning("Stopping now ({Reason}): no more input is read; pending counts are flushed", reason);
        _stopNow.Cancel();
    }

    public void Dispose()
    {
        _terminate.Dispose();
        _interrupt.Dispose();
        _stopNow.Dispose();
    }

    /// <summary>Starts the drain deadline, as SIGTERM does; a worker started during a drain begins this way.</summary>
    public void BeginDraining(string reason)
    {
        if (Interlocked.Exchange(ref _draining, 1) == 0)
        {
            _log.Information("{Reason}: reading on until end of input (at most {DrainTimeout}), then flushing and exiting", reason, _drainTimeout);
            _stopNow.CancelAfter(_drainTimeout);
        }
    }
}
