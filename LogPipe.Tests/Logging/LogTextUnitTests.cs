using LogPipe.Logging;

namespace LogPipe.Tests.Logging;

public sealed class LogTextUnitTests
{
    [Fact]
    public void Printable_ascii_is_kept_as_is()
    {
        Assert.Equal("GET /a?b=1 \"x\" ~{}[]", LogText.Escape("GET /a?b=1 \"x\" ~{}[]"u8));
    }

    [Fact]
    public void Backslash_is_doubled()
    {
        Assert.Equal(@"C:\\tmp\\x", LogText.Escape(@"C:\tmp\x"u8));
    }

    [Fact]
    public void Control_and_high_bytes_are_written_as_hex_escapes()
    {
        Assert.Equal(@"a\x00\x0a\x0d\x1b\x7f\x80\xc3(\xff", LogText.Escape([(byte)'a', 0x00, 0x0A, 0x0D, 0x1B, 0x7F, 0x80, 0xC3, 0x28, 0xFF]));
    }

    [Fact]
    public void Escaped_output_cannot_be_confused_with_an_escape()
    {
        // A literal "\x41" in the input must not read back as the byte 0x41.
        Assert.Equal(@"\\x41", LogText.Escape(@"\x41"u8));
    }

    [Fact]
    public void Long_input_is_cut_at_max_bytes_and_its_total_length_noted()
    {
        var input = new byte[300];
        input.AsSpan().Fill((byte)'a');

        Assert.Equal(new string('a', 200) + "... (300 bytes)", LogText.Escape(input));
        Assert.Equal("aaaaa... (300 bytes)", LogText.Escape(input, maxBytes: 5));
    }

    [Fact]
    public void Input_of_exactly_max_bytes_is_not_marked_as_cut()
    {
        Assert.Equal("abcde", LogText.Escape("abcde"u8, maxBytes: 5));
    }

    [Fact]
    public void Empty_input_gives_empty_text()
    {
        Assert.Equal(string.Empty, LogText.Escape([]));
    }
}
