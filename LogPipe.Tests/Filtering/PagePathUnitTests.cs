using System.Text;
using LogPipe.Filtering;

namespace LogPipe.Tests.Filtering;

public sealed class PagePathUnitTests
{
    [Theory]
    [InlineData("/a", "/a", "/a")]
    [InlineData("/a?b=1", "/a?b=1", "/a")]
    [InlineData("/?q", "/?q", "/")]
    [InlineData("/a/b?c=1?d", "/a/b?c=1?d", "/a/b")]
    [InlineData("http://www.example.com/a/b?c=1", "/a/b?c=1", "/a/b")]
    [InlineData("HTTPS://www.example.com:8443/x", "/x", "/x")]
    [InlineData("http://www.example.com", "/", "/")]
    [InlineData("http://www.example.com?x=1", "/", "/")]
    public void A_target_names_its_path_with_and_without_the_query(string target, string withQuery, string path)
    {
        Assert.True(PagePath.TryFind(Encoding.ASCII.GetBytes(target), out var foundWithQuery, out var foundPath));

        Assert.Equal(withQuery, Encoding.ASCII.GetString(foundWithQuery));
        Assert.Equal(path, Encoding.ASCII.GetString(foundPath));
    }

    [Theory]
    [InlineData("*")]
    [InlineData("")]
    [InlineData("a/b")]
    [InlineData("(other)")]
    [InlineData("ftp://host/a")]
    [InlineData("http:///a")]
    [InlineData("http:/a")]
    public void A_target_that_is_neither_origin_nor_absolute_form_names_no_page(string target)
    {
        Assert.False(PagePath.TryFind(Encoding.ASCII.GetBytes(target), out _, out _));
    }
}
