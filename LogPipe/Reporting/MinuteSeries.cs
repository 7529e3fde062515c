using StackExchange.Redis;

namespace LogPipe.Reporting;

/// <summary>A day's <c>minutes</c> hash (<c>HH:MM</c> to page views) as 1,440 counts, 00:00 first.</summary>
internal static class MinuteSeries
{
    public const int MinutesPerDay = 24 * 60;

    public static long[] From(HashEntry[] fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var minutes = new long[MinutesPerDay];
        foreach (var field in fields)
        {
            if (TryMinute((byte[])field.Name!, out var minute) && field.Value.TryParse(out long count))
            {
                minutes[minute] += count;
            }
        }

        return minutes;
    }

    /// <summary>Reads <c>HH:MM</c>; anything else is no minute of the day.</summary>
    public static bool TryMinute(ReadOnlySpan<byte> field, out int minute)
    {
        minute = 0;
        if (field is not [var h1, var h2, (byte)':', var m1, var m2]
            || !IsDigit(h1) || !IsDigit(h2) || !IsDigit(m1) || !IsDigit(m2))
        {
            return false;
        }

        var hour = ((h1 - '0') * 10) + (h2 - '0');
        var minuteOfHour = ((m1 - '0') * 10) + (m2 - '0');
        minute = (hour * 60) + minuteOfHour;
        return hour < 24 && minuteOfHour < 60;
    }

    private static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';
}
