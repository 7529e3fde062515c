using LogPipe.Cli;

namespace LogPipe.Tests.Cli;

public sealed class DayArgumentUnitTests
{
    private static readonly DateOnly s_today = new(2026, 12, 6);

    [Theory]
    [InlineData("2026-11-29", 2026, 11, 29)]
    [InlineData("today", 2026, 12, 6)]
    [InlineData("yesterday", 2026, 12, 5)]
    public void A_day_is_a_date_today_or_yesterday(string text, int year, int month, int day)
    {
        Assert.True(DayArgument.TryParse(text, s_today, out var read));
        Assert.Equal(new DateOnly(year, month, day), read);
    }

    [Theory]
    [InlineData("2026-02-30")]
    [InlineData("06/12/2026")]
    [InlineData("2026-12-6")]
    [InlineData("Today")]
    [InlineData("")]
    public void Anything_else_is_no_day(string text)
    {
        Assert.False(DayArgument.TryParse(text, s_today, out _));
    }
}
