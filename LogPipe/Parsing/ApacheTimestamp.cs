using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace LogPipe.Parsing;

/// <summary>Reads the day out of Apache's <c>%t</c> timestamp, <c>[10/Oct/2000:13:55:36 -0700]</c>, as written (the server's local day).</summary>
internal static class ApacheTimestamp
{
    /// <summary>Length of the <c>yyyy-MM-dd</c> date it writes.</summary>
    public const int DateLength = 10;

    /// <summary>Length of the <c>[dd/Mon/yyyy</c> part that decides the day; the rest is the clock and the offset.</summary>
    public const int DayPartLength = 12;

    /// <summary>Length of the whole timestamp with its brackets.</summary>
    public const int TimestampLength = 28;

    // The clock, :HH:mm:ss +zzzz], lane by lane: the bytes it must hold where it holds no digit and no sign,
    // the lanes that hold a digit, and the lane that holds the offset's sign.
    private static Vector128<byte> ClockLiterals =>
        Vector128.Create((byte)':', 0, 0, (byte)':', 0, 0, (byte)':', 0, 0, (byte)' ', 0, 0, 0, 0, 0, (byte)']');

    private static Vector128<byte> ClockDigitLanes =>
        Vector128.Create(0, 255, 255, 0, 255, 255, 0, 255, 255, 0, 0, 255, 255, 255, 255, (byte)0);

    private static Vector128<byte> ClockSignLane =>
        Vector128.Create(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 0, 0, 0, 0, (byte)0);

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
        if (day < 1 || day > DateTime.DaysInMonth(Math.Max(year, 1), month))
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

    /// <summary>
    /// Whether the part after the day, <c>:HH:mm:ss +zzzz]</c>, is valid: what decides, for a timestamp whose
    /// <see cref="DayPartLength"/> first bytes equal those of a valid one, whether it is valid too.
    /// </summary>
    public static bool IsValidClock(ReadOnlySpan<byte> time)
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
