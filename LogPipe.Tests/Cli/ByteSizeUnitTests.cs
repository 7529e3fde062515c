using LogPipe.Cli;

namespace LogPipe.Tests.Cli;

public sealed class ByteSizeUnitTests
{
    [Theory]
    [InlineData("65536", 65536)]
    [InlineData("64k", 65536)]
    [InlineData("64K", 65536)]
    [InlineData("64KiB", 65536)]
    [InlineData("64kib", 65536)]
    [InlineData("1m", 1048576)]
    [InlineData("1MiB", 1048576)]
    [InlineData("16m", 16 * 1048576)]
    [InlineData(" 64k ", 65536)]
    [InlineData("0", 0)]
    public void Size_is_read_with_binary_multiples(string text, int expected)
    {
        Assert.True(ByteSize.TryParse(text, out var bytes));

        Assert.Equal(expected, bytes);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("k")]
    [InlineData("KiB")]
    [InlineData("-1")]
    [InlineData("+64k")]
    [InlineData("1.5m")]
    [InlineData("64kb")]
    [InlineData("64 k")]
    [InlineData("1g")]
    [InlineData("0x100")]
    public void Unreadable_size_is_refused(string text)
    {
        Assert.False(ByteSize.TryParse(text, out _));
    }

    [Theory]
    [InlineData("2048m")]
    [InlineData("2147483648")]
    [InlineData("2097152k")]
    [InlineData("17592186044417m")]
    [InlineData("9007199254740993k")]
    public void Size_beyond_two_gibibytes_is_refused_even_when_the_multiplication_overflows(string text)
    {
        var accepted = ByteSize.TryParse(text, out var bytes);

        Assert.False(accepted, $"'{text}' was read as {bytes} bytes");
    }
}
