using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace LogPipe.Parsing;

/// <summary>
/// Reads the day out of Apache's <c>%t</c> timestamp, <c>[10/Oct/2000:13:55:36 -0700]</c>, as written (the server's local day).
/// Years <see cref="FirstYear"/> to <see cref="LastYear"/> and offsets -1200 to +1400 (those of the world's time zones)
/// are valid: a clock reset to the epoch, year 0000 or 9999, or an offset of +9999 is a broken clock or a forged line,
/// and a counter under its day would only be noise.
/// </summary>
internal static class ApacheTimestamp
{
    /// <summary>
    /// The earliest year read. A server whose clock was reset to the epoch logs 1970: its lines are refused (and counted
    /// as rejected, so the operator sees them) rather than counted under a day no one reads.
    /// </summary>
    public const int FirstYear = 2000;

    /// <summary>The latest year read; a later one is a broken clock, and DayReader copes with an outlier inside the range.</summary>
    public const int LastYear = 2999;

    /// <summary>Length of the <c>yyyy-MM-dd</c> date it writes.</summary>
    public const int DateLength = 10;

    /// <summary>Length of the <c>[dd/Mon/yyyy</c> part that decides the day; the rest is the clock and the offset.</summary>
    public const int DayPartLength = 12;

    /// <summary>Length of the whole timestamp with its brackets.</summary>
    public const int TimestampLength = 28;

    // UTC-12:00 (Baker Island) to UTC+14:00 (Line Islands) bound the time zones in use, in minutes.
    private const int EarliestOffsetMinutes = -12 * 60;
    private const int LatestOffsetMinutes = 14 * 60;

    // The clock, :HH:mm:ss +zzzz], lane by lane: the bytes it must hold where it holds no digit and no sign,
    // the lanes that hold a digit, and the lane that holds the offset's sign.
    private static Vector128<byte> ClockLiterals =>
        Vector128.Create((byte)':', 0, 0, (byte)':', 0, 0, (byte)':', 0, 0, (byte)' ', 0, 0, 0, 0, 0, (byte)']');

    private static Vector128<byte> ClockDigitLanes =>
        Vector128.Create(0, 255, 255, 0, 255, 255, 0, 255, 255, 0, 0, 255, 255, 255, 255, (byte)0);

    private static Vector128<byte> ClockSignLane =>
        Vector128.Create(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 0, 0, 0, 0, (byte)0);

    // The offset's sign and four digits in the clock: while they equal the line before's, its range need not be checked again.
    private static Vector128<byte> ClockOffsetLanes =>
        Vector128.Create(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255, 255, 255, 255, (byte)0);

    /// <summary>Writes <c>yyyy-MM-dd</c> into <paramref name="date"/>; false when the timestamp is not Apache's.</summary>
    public static bool TryWriteDate(ReadOnlySpan<byte> time, Span<byte> date)
    {
        if (time.Length != TimestampLength || date.Length < DateLength || !IsValidClock(time))
        {
            return false;
        }

        var month = MonthNumber(time[4], time[5], time[6]);
        if (time[0] != (byte)'[' || time[3] != (byte)'/' || time[7] != (byte)'/' || month == 0
            || !AreDigits(time.Slice(1, 2)) || !AreDigits(time.Slice(8, 4)))
        {
            return false;
        }

        var day = ((time[1] - '0') * 10) + (time[2] - '0');
        var year = ((time[8] - '0') * 1000) + ((time[9] - '0') * 100) + ((time[10] - '0') * 10) + (time[11] - '0');
        if (year < FirstYear || year > LastYear || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        time.Slice(8, 4).CopyTo(date);
        date[4] = (byte)'-';
        date[5] = (byte)('0' + (month / 10));
        date[6] = (byte)('0' + (month % 10));
        date[7] = (byte)'-';
        date[8] = time[1];
        date[9] = time[2];
        return true;
    }

    /// <summary>Day number (<see cref="DateOnly.DayNumber"/>) of a <c>yyyy-MM-dd</c> date <see cref="TryWriteDate"/> wrote.</summary>
    public static int DayNumber(ReadOnlySpan<byte> date)
    {
        var year = ((date[0] - '0') * 1000) + ((date[1] - '0') * 100) + ((date[2] - '0') * 10) + (date[3] - '0');
        var month = ((date[5] - '0') * 10) + (date[6] - '0');
        var day = ((date[8] - '0') * 10) + (date[9] - '0');
        return new DateOnly(year, month, day).DayNumber;
    }

    /// <summary>
    /// Whether the part after the day, <c>:HH:mm:ss +zzzz]</c>, is valid: what decides, for a timestamp whose
    /// <see cref="DayPartLength"/> first bytes equal those of a valid one, whether it is valid too.
    /// </summary>
    public static bool IsValidClock(ReadOnlySpan<byte> time) => IsValidTimeOfDay(time) && IsValidOffset(time);

    /// <summary>
    /// <see cref="IsValidClock"/> after a valid timestamp whose clock was <paramref name="validClock"/>: while the
    /// offset in <paramref name="clock"/>, this one's, is the same, its range is known good and not checked again.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsValidClockAfter(ReadOnlySpan<byte> time, Vector128<byte> clock, Vector128<byte> validClock) =>
        IsValidTimeOfDay(time) && (((clock ^ validClock) & ClockOffsetLanes) == Vector128<byte>.Zero || IsValidOffset(time));

    // The shape of :HH:mm:ss +zzzz] and the time of day; the offset's range is IsValidOffset's.
    private static bool IsValidTimeOfDay(ReadOnlySpan<byte> time)
    {
        if (time.Length != TimestampLength)
        {
            return false;
        }

        // The clock is exactly 16 bytes, checked against its shape at once: it is checked on every line.
        var clock = Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(time), DayPartLength);
        var digits = Vector128.LessThanOrEqual(clock - Vector128.Create((byte)'0'), Vector128.Create((byte)9));
        var signs = Vector128.Equals(clock, Vector128.Create((byte)'+')) | Vector128.Equals(clock, Vector128.Create((byte)'-'));
        var literals = Vector128.Equals(clock, ClockLiterals);
        var valid = (digits & ClockDigitLanes) | (signs & ClockSignLane) | (literals & ~(ClockDigitLanes | ClockSignLane));
        if (valid != Vector128<byte>.AllBitsSet)
        {
            return false;
        }

        var hour = ((time[13] - '0') * 10) + (time[14] - '0');
        var minute = ((time[16] - '0') * 10) + (time[17] - '0');
        var second = ((time[19] - '0') * 10) + (time[20] - '0');
        return hour <= 23 && minute <= 59 && second <= 60;
    }

    // Only after IsValidTimeOfDay, which checked that the sign and the four digits are there.
    private static bool IsValidOffset(ReadOnlySpan<byte> time)
    {
        var hours = ((time[23] - '0') * 10) + (time[24] - '0');
        var minutes = ((time[25] - '0') * 10) + (time[26] - '0');
        var offset = (hours * 60) + minutes;
        return minutes <= 59 && (time[22] == (byte)'+' ? offset <= LatestOffsetMinutes : -offset >= EarliestOffsetMinutes);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool AreDigits(ReadOnlySpan<byte> span)
    {
        foreach (var b in span)
        {
            if ((uint)(b - '0') > 9)
            {
                return false;
            }
        }

        return true;
    }

    // Apache always writes English month abbreviations (apr_month_snames), whatever the locale.
    private static int MonthNumber(byte a, byte b, byte c) => (a, b, c) switch
    {
        ((byte)'J', (byte)'a', (byte)'n') => 1,
        ((byte)'F', (byte)'e', (byte)'b') => 2,
        ((byte)'M', (byte)'a', (byte)'r') => 3,
        ((byte)'A', (byte)'p', (byte)'r') => 4,
        ((byte)'M', (byte)'a', (byte)'y') => 5,
        ((byte)'J', (byte)'u', (byte)'n') => 6,
        ((byte)'J', (byte)'u', (byte)'l') => 7,
        ((byte)'A', (byte)'u', (byte)'g') => 8,
        ((byte)'S', (byte)'e', (byte)'p') => 9,
        ((byte)'O', (byte)'c', (byte)'t') => 10,
        ((byte)'N', (byte)'o', (byte)'v') => 11,
        ((byte)'D', (byte)'e', (byte)'c') => 12,
        _ => 0,
    };
}
