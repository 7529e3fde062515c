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
    public void Empty_method_list_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new MethodFilter([]));
    }
}
