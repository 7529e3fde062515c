using System.Text;
using LogPipe.Reporting;

namespace LogPipe.Tests.Reporting;

public sealed class MemberTextUnitTests
{
    [Fact]
    public void Printable_ascii_is_shown_as_it_is()
    {
        Assert.Equal("/articles/42?a=b&c=\"d\"", MemberText.ForDisplay("/articles/42?a=b&c=\"d\""u8));
    }

    [Fact]
    public void A_terminal_sequence_cannot_reach_the_terminal()
    {
        Assert.Equal("/x\\x1b[2J\\x07\\x0a\\x9b", MemberText.ForDisplay([.. "/x"u8, 0x1b, .. "[2J"u8, 0x07, 0x0a, 0x9b]));
    }

    [Fact]
    public void Non_ascii_is_escaped_for_display_so_that_each_character_is_one_column()
    {
        Assert.Equal("/caf\\xc3\\xa9", MemberText.ForDisplay(Encoding.UTF8.GetBytes("/café")));
    }

    [Fact]
    public void Data_keeps_valid_utf8_and_escapes_controls_and_invalid_bytes()
    {
        Assert.Equal("/café\\x1b\\xff\\x0d", MemberText.ForData([.. Encoding.UTF8.GetBytes("/café"), 0x1b, 0xff, 0x0d]));
    }

    [Fact]
    public void Data_escapes_c1_controls_encoded_as_utf8()
    {
        Assert.Equal("a\\xc2\\x9bb", MemberText.ForData([(byte)'a', 0xc2, 0x9b, (byte)'b']));
    }
}
