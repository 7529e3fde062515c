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
                var expected = fits && TwoDigits(changed, 13) <= 23 && TwoDigits(changed, 16) <= 59 && TwoDigits(changed, 19) <= 60;

                Assert.True(expected == ApacheTimestamp.IsValidClock(changed), $"byte {value} at clock position {position}");
            }
        }
    }

    private static string? WriteDate(string time)
    {
        var date = new byte[ApacheTimestamp.DateLength];
        return ApacheTimestamp.TryWriteDate(Encoding.ASCII.GetBytes(time), date) ? Encoding.ASCII.GetString(date) : null;
    }

    private static int TwoDigits(byte[] time, int at) => ((time[at] - '0') * 10) + (time[at + 1] - '0');
}
