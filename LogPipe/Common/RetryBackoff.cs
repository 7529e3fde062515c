namespace LogPipe.Common;

/// <summary>Capped exponential back-off with jitter, so that many LogPipe processes do not retry a recovering Redis in step.</summary>
internal sealed class RetryBackoff
{
    private readonly TimeSpan _initial;
    private readonly TimeSpan _maximum;
    private TimeSpan _next;

    public RetryBackoff(TimeSpan initial, TimeSpan maximum)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(initial, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maximum, initial);
        _initial = initial;
        _maximum = maximum;
        _next = initial;
    }

    public int Failures { get; private set; }

    /// <summary>The delay before the next try: between half and all of the current step, which then doubles up to the cap.</summary>
    public TimeSpan NextDelay()
    {
        Failures++;
        var step = _next;
        _next = TimeSpan.FromTicks(Math.Min(_maximum.Ticks, _next.Ticks * 2));
        return TimeSpan.FromTicks((long)(step.Ticks * (0.5 + (Random.Shared.NextDouble() * 0.5))));
    }

    public void Reset()
    {
        Failures = 0;
        _next = _initial;
    }
}
