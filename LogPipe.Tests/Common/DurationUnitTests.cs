using LogPipe.Common;

namespace LogPipe.Tests.Common;

public sealed class DurationUnitTests
{
    public static TheoryData<string, TimeSpan> GoodDurations => new()
    {
        { "86400", TimeSpan.FromDays(1) },
        { "30s", TimeSpan.FromSeconds(30) },
        { "90m", TimeSpan.FromMinutes(90) },
        { "24h", TimeSpan.FromHours(24) },
        { "2d", TimeSpan.FromDays(2) },
        { "250ms", TimeSpan.FromMilliseconds(250) },
        { "1.5h", TimeSpan.FromMinutes(90) },
        { "0.5s", TimeSpan.FromMilliseconds(500) },
        { "24H", TimeSpan.FromHours(24) },
        { " 90m ", TimeSpan.FromMinutes(90) },
        { "0", TimeSpan.Zero },
    };

    public static TheoryData<TimeSpan, string> Formats => new()
    {
        { TimeSpan.FromMilliseconds(250), "250ms" },
        { TimeSpan.FromMilliseconds(10), "10ms" },
        { TimeSpan.FromSeconds(1), "1s" },
        { TimeSpan.FromSeconds(90), "90s" },
        { TimeSpan.FromMinutes(90), "90m" },
        { TimeSpan.FromHours(24), "1d" },
        { TimeSpan.FromHours(36), "36h" },
        { TimeSpan.FromDays(2), "2d" },
        { TimeSpan.Zero, "0s" },
        { TimeSpan.FromMilliseconds(86_400_001), "86400001ms" },
    };

    [Theory]
    [MemberData(nameof(GoodDurations))]
    public void Duration_is_read_in_its_unit(string text, TimeSpan expected)
    {
        Assert.True(Duration.TryParse(text, out var duration));

        Assert.Equal(expected, duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("abc")]
    [InlineData("10x")]
    [InlineData("-5")]
    [InlineData("h")]
    [InlineData("ms")]
    [InlineData("10 m")]
    [InlineData("1e3")]
    [InlineData("1.2.3s")]
    [InlineData("99999999999999d")]
    public void Unreadable_duration_is_refused(string text)
    {
        Assert.False(Duration.TryParse(text, out _));
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Format_writes_the_shortest_exact_form_and_reads_back(TimeSpan duration, string expected)
    {
        var text = Duration.Format(duration);

        Assert.Equal(expected, text);
        Assert.True(Duration.TryParse(text, out var back));
        Assert.Equal(duration, back);
    }
}
