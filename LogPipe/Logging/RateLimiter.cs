namespace LogPipe.Logging;

/// <summary>
/// Lets at most <c>permits</c> events through per window and counts the rest, so a flood of bad lines or Redis errors
/// gives a few log entries a minute and a tally, not one entry per event.
/// </summary>
internal sealed class RateLimiter
{
    private readonly int _permits;
    private readonly long _windowMilliseconds;
    private readonly Func<long> _clock;
    private long _windowStart = long.MinValue;
    private int _used;
    private long _suppressed;
    private readonly Lock _gate = new();

    public RateLimiter(int permits, TimeSpan window, Func<long>? clockMilliseconds = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(permits, 1);
        _permits = permits;
        _windowMilliseconds = (long)window.TotalMilliseconds;
        _clock = clockMilliseconds ?? (() => Environment.TickCount64);
    }

    /// <summary>True when the event may be logged; <paramref name="suppressed"/> is how many were held back since the last one that was.</summary>
    public bool TryAcquire(out long suppressed)
    {
        lock (_gate)
        {
            var now = _clock();
            if (_windowStart == long.MinValue || now - _windowStart >= _windowMilliseconds)
            {
                _windowStart = now;
                _used = 0;
            }

            if (_used < _permits)
            {
                _used++;
                suppressed = _suppressed;
                _suppressed = 0;
                return true;
            }

            _suppressed++;
            suppressed = 0;
            return false;
        }
    }
}
