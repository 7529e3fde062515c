using LogPipe.Native;

namespace LogPipe.Worker;

/// <summary>
/// Notices when the supervisor is gone (killed, so the worker was re-parented). The worker must then stop reading:
/// Apache starts a new supervisor on the same pipe, and two readers could split a line between them.
/// Polling getppid() is used rather than PR_SET_PDEATHSIG, which fires when the forking *thread* exits.
/// </summary>
internal sealed class ParentWatch : IDisposable
{
    private static readonly TimeSpan s_pollInterval = TimeSpan.FromMilliseconds(100);
    private readonly int _supervisorId;
    private readonly Action _onParentGone;
    private readonly Timer _timer;
    private int _fired;

    public ParentWatch(int supervisorId, Action onParentGone)
    {
        _supervisorId = supervisorId;
        _onParentGone = onParentGone;
        _timer = new Timer(_ => Check(), null, TimeSpan.Zero, s_pollInterval);
    }

    public void Dispose() => _timer.Dispose();

    private void Check()
    {
        if (LibC.ParentProcessId() != _supervisorId && Interlocked.Exchange(ref _fired, 1) == 0)
        {
            _onParentGone();
        }
    }
}
