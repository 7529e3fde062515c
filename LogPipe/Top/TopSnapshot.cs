using LogPipe.Reporting;

namespace LogPipe.Top;

/// <summary>What the screen shows at one moment: a day's figures as last read, and whether the last read failed.</summary>
/// <param name="Day">The day shown.</param>
/// <param name="Report">The day's figures as last read, or null before the first read that succeeded.</param>
/// <param name="Now">When the screen was drawn, local time: the clock, and for today the end of the minute chart.</param>
/// <param name="Source">Where the figures come from, for the title: the Redis, and the host if one was asked for.</param>
/// <param name="Problem">Why the last read failed (Redis unreachable), or null; the screen adds that it retries.</param>
internal sealed record TopSnapshot(DateOnly Day, Report? Report, DateTime Now, string Source, string? Problem)
{
    public bool IsToday => Day == DateOnly.FromDateTime(Now);
}
