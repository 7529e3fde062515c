using System.Runtime.InteropServices;

namespace LogPipe.Supervision;

/// <summary>
/// Takes SIGTERM, SIGINT and SIGHUP from the first line of <c>Main</c>, before anything else runs: Apache may send a
/// graceful restart's SIGTERM while LogPipe is still starting, and the default action would end the process and
/// lose what the pipe holds. A signal that comes before its handler is attached is remembered and replayed to it.
/// SIGHUP (prefork restarts signal the whole process group) is ignored.
/// </summary>
internal sealed class ProcessSignals : IDisposable
{
    private readonly Lock _gate = new();
    private readonly PosixSignalRegistration[] _registrations;
    private Action? _onTerminate;
    private Action? _onInterrupt;
    private bool _terminated;
    private bool _interrupted;

    private ProcessSignals()
    {
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => Raise(context, ref _terminated, () => _onTerminate)),
            PosixSignalRegistration.Create(PosixSignal.SIGINT, context => Raise(context, ref _interrupted, () => _onInterrupt)),
            PosixSignalRegistration.Create(PosixSignal.SIGHUP, static context => context.Cancel = true),
        ];
    }

    public static ProcessSignals Register() => new();

    /// <summary>Runs <paramref name="handler"/> on every SIGTERM, and at once if one already came, until the result is disposed.</summary>
    public IDisposable OnTerminate(Action handler) => Attach(ref _onTerminate, _terminated, handler, () => _onTerminate -= handler);

    /// <summary>Runs <paramref name="handler"/> on every SIGINT, and at once if one already came, until the result is disposed.</summary>
    public IDisposable OnInterrupt(Action handler) => Attach(ref _onInterrupt, _interrupted, handler, () => _onInterrupt -= handler);

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
    }

    private Subscription Attach(ref Action? handlers, bool alreadyReceived, Action handler, Action detach)
    {
        bool replay;
        lock (_gate)
        {
            handlers += handler;
            replay = alreadyReceived;
        }

        if (replay)
        {
            handler();
        }

        return new Subscription(this, detach);
    }

    // Handlers run under the lock, so a handler being detached (its owner disposing) never runs half-way through that.
    private void Raise(PosixSignalContext context, ref bool received, Func<Action?> handlers)
    {
        context.Cancel = true;
        lock (_gate)
        {
            received = true;
            handlers()?.Invoke();
        }
    }

    private sealed class Subscription(ProcessSignals owner, Action detach) : IDisposable
    {
        public void Dispose()
        {
            lock (owner._gate)
            {
                detach();
            }
        }
    }
}
