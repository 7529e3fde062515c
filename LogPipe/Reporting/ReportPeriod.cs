using System.Globalization;

namespace LogPipe.Reporting;

/// <summary>The days a report covers, both ends included.</summary>
internal sealed record ReportPeriod
{
    /// <summary>A year of days: the keys of a longer range would make one command of tens of thousands of keys.</summary>
    public const int MaximumDays = 366;

    public ReportPeriod(DateOnly from, DateOnly to)
    {
        if (to < from)
        {
            throw new ArgumentException($"the range ends ({Format(to)}) before it starts ({Format(from)})", nameof(to));
        }

        if (to.DayNumber - from.DayNumber + 1 > MaximumDays)
        {
            throw new ArgumentException($"the range {Format(from)} to {Format(to)} is longer than {MaximumDays} days", nameof(to));
        }

        From = from;
        To = to;
    }

    public DateOnly From { get; }

    public DateOnly To { get; }

    public int Days => To.DayNumber - From.DayNumber + 1;

    public bool IsOneDay => From == To;

    public static ReportPeriod Day(DateOnly day) => new(day, day);

    public static string Format(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>For people: <c>2026-12-06 (Sunday)</c>, or <c>2026-12-01 to 2026-12-07 (7 days)</c>.</summary>
    public override string ToString() =>
        IsOneDay ? $"{Format(From)} ({From.DayOfWeek})" : $"{Format(From)} to {Format(To)} ({Days} days)";
}
