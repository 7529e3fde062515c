using LogPipe.Top;

namespace LogPipe.Tests.Top;

public sealed class KeyInputUnitTests
{
    [Theory]
    [InlineData('q', ConsoleKey.Q, false, false, nameof(TopInput.Quit))]
    [InlineData('\t', ConsoleKey.Tab, false, false, nameof(TopInput.NextList))]
    [InlineData('\t', ConsoleKey.Tab, true, false, nameof(TopInput.PreviousList))]
    [InlineData('\0', ConsoleKey.RightArrow, false, false, nameof(TopInput.NextList))]
    [InlineData('\0', ConsoleKey.LeftArrow, false, false, nameof(TopInput.PreviousList))]
    [InlineData('d', ConsoleKey.D, false, false, nameof(TopInput.DayBack))]
    [InlineData('D', ConsoleKey.D, true, false, nameof(TopInput.DayForward))]
    [InlineData('\u0003', ConsoleKey.C, false, true, nameof(TopInput.Quit))]
    public void A_key_asks_for_what_the_help_line_says(char character, ConsoleKey key, bool shift, bool control, string expected)
    {
        Assert.Equal(Enum.Parse<TopInput>(expected), KeyInput.Map(new ConsoleKeyInfo(character, key, shift, alt: false, control)));
    }

    [Fact]
    public void Any_other_key_means_nothing()
    {
        Assert.Null(KeyInput.Map(new ConsoleKeyInfo('x', ConsoleKey.X, false, false, false)));
    }
}
