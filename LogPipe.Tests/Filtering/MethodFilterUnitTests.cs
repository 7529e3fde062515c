using LogPipe.Filtering;

namespace LogPipe.Tests.Filtering;

public sealed class MethodFilterUnitTests
{
    [Theory]
    [InlineData("GET", true)]
    [InlineData("get", false)]
    [InlineData("Get", false)]
    [InlineData("GE", false)]
    [InlineData("GETS", false)]
    [InlineData(" GET", false)]
    [InlineData("HEAD", false)]
    [InlineData("", false)]
    public void Get_alone_matches_exactly_and_case_sensitively(string method, bool expected)
    {
        var filter = new MethodFilter(["GET"]);

        Assert.Equal(expected, filter.Matches(System.Text.Encoding.ASCII.GetBytes(method)));
    }

    [Fact]
    public void Several_methods_each_match()
    {
        var filter = new MethodFilter(["GET", "HEAD", "PROPFIND"]);

        Assert.True(filter.Matches("GET"u8));
        Assert.True(filter.Matches("HEAD"u8));
        Assert.True(filter.Matches("PROPFIND"u8));
        Assert.False(filter.Matches("POST"u8));
        Assert.False(filter.Matches("head"u8));
    }

    [Fact]
    public void Every_byte_of_a_method_of_any_length_is_compared()
    {
        const string Letters = "ABCDEFGHIJKLMNOP";
        for (var length = 1; length <= Letters.Length; length++)
        {
            var method = System.Text.Encoding.ASCII.GetBytes(Letters[..length]);
            var filter = new MethodFilter([Letters[..length]]);
            Assert.True(filter.Matches(method), $"{length} bytes");
            for (var at = 0; at < length; at++)
            {
                var changed = (byte[])method.Clone();
                changed[at] = (byte)'x';
                Assert.False(filter.Matches(changed), $"{length} bytes, byte {at} changed");
            }

            Assert.False(filter.Matches(method.AsSpan(0, length - 1)), $"{length} bytes, the last one missing");
            Assert.False(filter.Matches([.. method, (byte)'Q']), $"{length} bytes, one more");
            Assert.False(filter.Matches([.. method, 0]), $"{length} bytes, a NUL more");
        }
    }

    [Fact]
    public void Empty_method_list_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new MethodFilter([]));
    }
}
