using System.Text;
using LogPipe.Parsing;

namespace LogPipe.Tests.Parsing;

public sealed class DayReaderUnitTests
{
    private const int Seed = 20260101;

    [Fact]
    public void Lines_of_one_day_give_that_day()
    {
        var days = new DayReader();

        Assert.Equal("2026-11-29", Read(days, "[29/Nov/2026:08:15:00 +0100]"));
        Assert.Equal("2026-11-29", Read(days, "[29/Nov/2026:23:59:59 +0100]"));
        Assert.Equal("2026-11-30", Read(days, "[30/Nov/2026:00:00:00 +0100]"));
    }

    [Fact]
    public void A_later_day_is_announced_once_and_the_first_or_an_earlier_day_never()
    {
        var announced = 0;
        var days = new DayReader(() => announced++);

        Read(days, "[29/Nov/2026:23:59:58 +0100]");
        Read(days, "[29/Nov/2026:23:59:59 +0100]");
        Assert.Equal(0, announced);

        Read(days, "[30/Nov/2026:00:00:00 +0100]");
        Assert.Equal(1, announced);

        // A request begun before midnight and logged after it, then the new day again.
        Read(days, "[29/Nov/2026:23:59:59 +0100]");
        Read(days, "[30/Nov/2026:00:00:01 +0100]");
        Assert.Equal(1, announced);

        // Later by date, though "01/Dec" sorts before "30/Nov" as written; a month later once the line after agrees.
        Read(days, "[01/Dec/2026:00:00:00 +0100]");
        Read(days, "[01/Jan/2027:00:00:00 +0100]");
        Read(days, "[01/Jan/2027:00:00:01 +0100]");
        Assert.Equal(3, announced);

        Assert.False(days.TryRead(Encoding.ASCII.GetBytes("[02/Jan/2027:24:00:00 +0100]")));
        Assert.Equal(3, announced);
    }

    [Theory]
    [InlineData("hour 24", "[29/Nov/2026:24:00:00 +0100]")]
    [InlineData("minute 60", "[29/Nov/2026:08:60:00 +0100]")]
    [InlineData("offset without sign", "[29/Nov/2026:08:15:00 01000]")]
    [InlineData("no closing bracket", "[29/Nov/2026:08:15:00 +0100)")]
    [InlineData("one byte long", "[29/Nov/2026:08:15:00 +01000]")]
    [InlineData("offset +9999", "[29/Nov/2026:08:15:00 +9999]")]
    [InlineData("offset past -12:00", "[29/Nov/2026:08:15:00 -1300]")]
    [InlineData("offset of 60 minutes", "[29/Nov/2026:08:15:00 +0160]")]
    public void Bad_clock_on_the_day_already_read_is_refused(string description, string time)
    {
        var days = new DayReader();
        Assert.NotNull(Read(days, "[29/Nov/2026:08:15:00 +0100]"));

        Assert.False(days.TryRead(Encoding.ASCII.GetBytes(time)), description);
        Assert.Equal("2026-11-29", Read(days, "[29/Nov/2026:08:15:01 +0100]"));
    }

    [Fact]
    public void A_bad_clock_is_refused_every_time_it_comes_and_a_good_one_after_it_accepted()
    {
        var days = new DayReader();
        Assert.NotNull(Read(days, "[29/Nov/2026:08:15:00 +0100]"));

        Assert.Null(Read(days, "[29/Nov/2026:08:61:00 +0100]"));
        Assert.Null(Read(days, "[29/Nov/2026:08:61:00 +0100]"));
        Assert.Equal("2026-11-29", Read(days, "[29/Nov/2026:08:15:00 +0100]"));
        Assert.Equal("2026-11-29", Read(days, "[29/Nov/2026:08:15:00 +0100]"));
        Assert.Null(Read(days, "[29/Nov/2026:08:15:00 +0100)"));
    }

    [Fact]
    public void An_offset_that_changes_within_the_day_is_accepted_as_summer_time_ends() =>
        AssertReads(
            ("[25/Oct/2026:02:59:59 +0200]", "2026-10-25", 0),
            ("[25/Oct/2026:02:00:00 +0100]", "2026-10-25", 0),
            ("[25/Oct/2026:02:00:01 +0100]", "2026-10-25", 0));

    [Fact]
    public void A_line_dated_9999_is_refused_and_later_days_are_still_announced() =>
        AssertReads(
            ("[29/Nov/2026:08:00:00 +0100]", "2026-11-29", 0),
            ("[29/Nov/9999:08:00:01 +0100]", null, 0),
            ("[29/Nov/0000:08:00:01 +0100]", null, 0),
            ("[30/Nov/2026:00:00:00 +0100]", "2026-11-30", 1));

    [Fact]
    public void A_far_future_line_is_read_as_its_own_day_and_moves_neither_the_day_nor_its_announcements() =>
        AssertReads(
            ("[29/Nov/2026:08:00:00 +0100]", "2026-11-29", 0),
            ("[31/Dec/2999:08:00:01 +0100]", "2999-12-31", 0),

            // The line before the outlier's timestamp again: its day is read afresh, not taken from the outlier.
            ("[29/Nov/2026:08:00:00 +0100]", "2026-11-29", 0),
            ("[29/Nov/2026:23:59:59 +0100]", "2026-11-29", 0),
            ("[30/Nov/2026:00:00:00 +0100]", "2026-11-30", 1),
            ("[01/Dec/2026:00:00:00 +0100]", "2026-12-01", 2));

    [Fact]
    public void A_far_future_first_line_does_not_stop_later_days_being_announced() =>
        AssertReads(
            ("[31/Dec/2999:08:00:00 +0100]", "2999-12-31", 0),
            ("[29/Nov/2026:23:59:58 +0100]", "2026-11-29", 0),
            ("[29/Nov/2026:23:59:59 +0100]", "2026-11-29", 0),
            ("[30/Nov/2026:00:00:00 +0100]", "2026-11-30", 1));

    [Fact]
    public void A_far_past_line_neither_ends_the_day_nor_moves_it() =>
        AssertReads(
            ("[29/Nov/2026:08:00:00 +0100]", "2026-11-29", 0),
            ("[01/Jan/2001:08:00:01 +0100]", "2001-01-01", 0),
            ("[29/Nov/2026:08:00:02 +0100]", "2026-11-29", 0),
            ("[30/Nov/2026:00:00:00 +0100]", "2026-11-30", 1));

    [Fact]
    public void A_day_or_two_later_is_announced_at_its_first_line_and_a_longer_jump_when_the_line_after_agrees() =>
        AssertReads(
            ("[29/Nov/2026:23:59:59 +0100]", "2026-11-29", 0),

            // A day without requests between.
            ("[01/Dec/2026:00:00:00 +0100]", "2026-12-01", 1),

            // A week without: the clock set right, or a gap in a replayed log.
            ("[08/Dec/2026:00:00:00 +0100]", "2026-12-08", 1),
            ("[08/Dec/2026:00:00:01 +0100]", "2026-12-08", 2),

            // The stream's day is now the 8th: the 9th is the next one.
            ("[09/Dec/2026:00:00:00 +0100]", "2026-12-09", 3));

    [Fact]
    public void Every_answer_is_what_ApacheTimestamp_gives_whatever_came_before()
    {
        var random = new Random(Seed);
        var days = new DayReader();
        var expected = new byte[ApacheTimestamp.DateLength];
        var accepted = 0;
        byte[] previous = [];
        for (var i = 0; i < 20_000; i++)
        {
            // Half the time the line before's timestamp again (as on a busy server), itself maybe mutated.
            var time = random.Next(2) == 0 && previous.Length > 0
                ? Mutate(random, (byte[])previous.Clone())
                : Mutate(random, Encoding.ASCII.GetBytes($"[{random.Next(28, 31):00}/Nov/2026:{random.Next(0, 24):00}:{random.Next(0, 60):00}:00 +0100]"));
            previous = time;

            var ok = ApacheTimestamp.TryWriteDate(time, expected);

            Assert.True(ok == days.TryRead(time), Encoding.Latin1.GetString(time));
            if (ok)
            {
                Assert.Equal(Encoding.ASCII.GetString(expected), Encoding.ASCII.GetString(days.Date));
                accepted++;
            }
        }

        Assert.InRange(accepted, 5_000, 19_000);
    }

    // Most timestamps stay valid; the rest get one byte changed anywhere, so both halves of the check are exercised.
    private static byte[] Mutate(Random random, byte[] time)
    {
        if (random.Next(3) == 0)
        {
            time[random.Next(time.Length)] = (byte)"0123456789:/[] +-xN"[random.Next(19)];
        }

        return time;
    }

    // Reads each timestamp in turn, on one reader: the day it gives (null when refused), and how many later days have
    // been announced once it is read.
    private static void AssertReads(params (string Time, string? Day, int Announced)[] steps)
    {
        var announced = 0;
        var days = new DayReader(() => announced++);
        foreach (var (time, day, expected) in steps)
        {
            Assert.Equal(day, Read(days, time));
            Assert.True(expected == announced, $"after {time}: {announced} later days announced, not {expected}");
        }
    }

    private static string? Read(DayReader days, string time) =>
        days.TryRead(Encoding.ASCII.GetBytes(time)) ? Encoding.ASCII.GetString(days.Date) : null;
}
