using System.Runtime.InteropServices;
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
    private readonly PosixSignalRegistration[] _registrations;
    private int _draining;

    public WorkerSignals(TimeSpan drainTimeout, ILogger log)
    {
        _drainTimeout = drainTimeout;
        _log = log;
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnTerminate),
            PosixSignalRegistration.Create(PosixSignal.SIGINT, OnInterrupt),
            PosixSignalRegistration.Create(PosixSignal.SIGHUP, static context => context.Cancel = true),
        ];
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
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

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

    private void OnTerminate(PosixSignalContext context)
    {
        context.Cancel = true;
        BeginDraining("SIGTERM");
    }

    private void OnInterrupt(PosixSignalContext context)
    {
        context.Cancel = true;
        RequestStop("SIGINT");
    }
}
