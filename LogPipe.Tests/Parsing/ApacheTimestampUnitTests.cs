using System.Runtime.Intrinsics;
using System.Text;
using LogPipe.Parsing;

namespace LogPipe.Tests.Parsing;

public sealed class ApacheTimestampUnitTests
{
    public static TheoryData<string, string> GoodTimestamps => new()
    {
        { "[10/Oct/2000:13:55:36 -0700]", "2000-10-10" },
        { "[29/Nov/2026:00:00:00 +0000]", "2026-11-29" },

        // The server's own day as written: the offset is not applied, or this would be 2027-01-01 in UTC.
        { "[31/Dec/2026:23:59:59 -0500]", "2026-12-31" },
        { "[01/Jan/2027:00:30:00 +1400]", "2027-01-01" },
        { "[29/Feb/2028:12:00:00 +0100]", "2028-02-29" },
        { "[30/Jun/2026:23:59:60 +0000]", "2026-06-30" },

        // The ends of the years and offsets read, and an offset of 45 minutes (Nepal).
        { "[01/Jan/2000:00:00:00 -1200]", "2000-01-01" },
        { "[31/Dec/2999:23:59:59 +1400]", "2999-12-31" },
        { "[29/Nov/2026:08:15:00 +0545]", "2026-11-29" },
    };

    public static TheoryData<string, string> MonthNames => new()
    {
        { "Jan", "01" }, { "Feb", "02" }, { "Mar", "03" }, { "Apr", "04" }, { "May", "05" }, { "Jun", "06" },
        { "Jul", "07" }, { "Aug", "08" }, { "Sep", "09" }, { "Oct", "10" }, { "Nov", "11" }, { "Dec", "12" },
    };

    public static TheoryData<string, string> BadTimestamps => new()
    {
        { "not a leap year", "[29/Feb/2027:12:00:00 +0100]" },
        { "day 0", "[00/Jan/2026:12:00:00 +0100]" },
        { "day 32", "[32/Jan/2026:12:00:00 +0100]" },
        { "31 April", "[31/Apr/2026:12:00:00 +0100]" },
        { "day not a number", "[1x/Jan/2026:12:00:00 +0100]" },
        { "month in lower case", "[10/oct/2026:12:00:00 +0100]" },
        { "month not English", "[10/Okt/2026:12:00:00 +0100]" },
        { "month as a number", "[10/010/2026:12:00:00 +0100]" },
        { "hour 24", "[10/Oct/2026:24:00:00 +0100]" },
        { "minute 60", "[10/Oct/2026:12:60:00 +0100]" },
        { "second 61", "[10/Oct/2026:12:00:61 +0100]" },
        { "year not a number", "[10/Oct/20x6:12:00:00 +0100]" },
        { "year 0000", "[10/Oct/0000:12:00:00 +0100]" },
        { "year 1970, a clock reset to the epoch", "[01/Jan/1970:00:00:00 +0000]" },
        { "year 1999", "[31/Dec/1999:23:59:59 +0100]" },
        { "year 3000", "[01/Jan/3000:00:00:00 +0100]" },
        { "year 9999", "[10/Oct/9999:12:00:00 +0100]" },
        { "offset +9999", "[10/Oct/2026:12:00:00 +9999]" },
        { "offset past +14:00", "[10/Oct/2026:12:00:00 +1401]" },
        { "offset past -12:00", "[10/Oct/2026:12:00:00 -1201]" },
        { "offset of 60 minutes", "[10/Oct/2026:12:00:00 +0160]" },
        { "offset without sign", "[10/Oct/2026:12:00:00 01000]" },
        { "offset not a number", "[10/Oct/2026:12:00:00 +01a0]" },
        { "one byte short", "[10/Oct/2026:12:00:00 +010]" },
        { "one byte long", "[10/Oct/2026:12:00:00 +01000]" },
        { "single-digit day", "[1/Oct/2026:12:00:00 +0100] " },
        { "no brackets", " 10/Oct/2026:12:00:00 +0100 " },
        { "no opening bracket", "10/Oct/2026:12:00:00 +0100]" },
        { "no closing bracket", "[10/Oct/2026:12:00:00 +0100" },
        { "parentheses for brackets", "(10/Oct/2026:12:00:00 +0100)" },
        { "dashes for slashes", "[10-Oct-2026:12:00:00 +0100]" },
        { "T between date and time", "[10/Oct/2026T12:00:00 +0100]" },
        { "ISO 8601", "[2026-10-10T12:00:00+01:00]" },
        { "empty", "" },
    };

    [Theory]
    [MemberData(nameof(GoodTimestamps))]
    public void Good_timestamp_gives_its_own_day(string time, string expected)
    {
        Assert.Equal(expected, WriteDate(time));
    }

    [Theory]
    [MemberData(nameof(MonthNames))]
    public void Every_English_month_abbreviation_is_read(string month, string number)
    {
        Assert.Equal($"2026-{number}-15", WriteDate($"[15/{month}/2026:08:00:00 +0000]"));
    }

    [Theory]
    [MemberData(nameof(BadTimestamps))]
    public void Bad_timestamp_is_refused(string description, string time)
    {
        Span<byte> date = stackalloc byte[ApacheTimestamp.DateLength];

        Assert.False(ApacheTimestamp.TryWriteDate(Encoding.Latin1.GetBytes(time), date), description);
    }

    [Fact]
    public void Destination_shorter_than_a_date_is_refused()
    {
        Span<byte> date = stackalloc byte[ApacheTimestamp.DateLength - 1];

        Assert.False(ApacheTimestamp.TryWriteDate("[10/Oct/2000:13:55:36 -0700]"u8, date));
    }

    [Fact]
    public void Every_single_byte_change_to_the_clock_is_judged_by_its_shape_and_ranges()
    {
        // ":HH:mm:ss +zzzz]" position by position: d a digit, s the offset's sign, anything else that very byte.
        const string Shape = ":dd:dd:dd sdddd]";
        var time = "[10/Oct/2026:12:34:56 +0100]"u8.ToArray();
        for (var position = 0; position < Shape.Length; position++)
        {
            for (var value = 0; value <= byte.MaxValue; value++)
            {
                var changed = (byte[])time.Clone();
                changed[ApacheTimestamp.DayPartLength + position] = (byte)value;
                var fits = Shape[position] switch
                {
                    'd' => char.IsAsciiDigit((char)value),
                    's' => value is '+' or '-',
                    _ => value == Shape[position],
                };
                var expected = fits && TwoDigits(changed, 13) <= 23 && TwoDigits(changed, 16) <= 59 && TwoDigits(changed, 19) <= 60
                    && IsTimeZoneOffset(changed);

                Assert.True(expected == ApacheTimestamp.IsValidClock(changed), $"byte {value} at clock position {position}");
            }
        }
    }

    private static string? WriteDate(string time)
    {
        var date = new byte[ApacheTimestamp.DateLength];
        return ApacheTimestamp.TryWriteDate(Encoding.ASCII.GetBytes(time), date) ? Encoding.ASCII.GetString(date) : null;
    }

    [Fact]
    public void A_clock_after_a_valid_one_is_judged_as_if_alone_whether_or_not_its_offset_changed()
    {
        // The offset's range is skipped only when the offset is the valid clock's: every other change is still judged.
        var before = "[10/Oct/2026:12:34:56 +0100]"u8.ToArray();
        var validClock = Vector128.Create(before.AsSpan(ApacheTimestamp.DayPartLength));
        string[] offsets = ["+0100", "+0200", "-1200", "+1400", "+1401", "-1201", "+9999", "+0160", "+0545", "x0100"];
        foreach (var offset in offsets)
        {
            foreach (var clock in (string[])["12:34:57", "12:34:56", "24:00:00"])
            {
                var time = Encoding.ASCII.GetBytes($"[10/Oct/2026:{clock} {offset}]");
                var thisClock = Vector128.Create(time.AsSpan(ApacheTimestamp.DayPartLength));

                Assert.True(
                    ApacheTimestamp.IsValidClock(time) == ApacheTimestamp.IsValidClockAfter(time, thisClock, validClock),
                    Encoding.ASCII.GetString(time));
            }
        }
    }

    private static int TwoDigits(byte[] time, int at) => ((time[at] - '0') * 10) + (time[at + 1] - '0');

    // UTC-12:00 to UTC+14:00, whole minutes of an hour; a clock whose shape is wrong is refused before this matters.
    private static bool IsTimeZoneOffset(byte[] time)
    {
        var minutes = (TwoDigits(time, 23) * 60) + TwoDigits(time, 25);
        return TwoDigits(time, 25) <= 59 && (time[22] == '-' ? minutes <= 12 * 60 : minutes <= 14 * 60);
    }
}
