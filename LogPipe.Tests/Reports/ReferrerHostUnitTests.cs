using System.Text;
using LogPipe.Reports;

namespace LogPipe.Tests.Reports;

public sealed class ReferrerHostUnitTests
{
    [Theory]
    [InlineData("https://www.google.com/search?q=redis", "www.google.com")]
    [InlineData("https://WWW.Example.ORG/a", "www.example.org")]
    [InlineData("http://news.ycombinator.com", "news.ycombinator.com")]
    [InlineData("https://user:secret@host.example:8443/path", "host.example")]
    [InlineData("https://host.example?x=1", "host.example")]
    [InlineData("https://host.example#top", "host.example")]
    [InlineData("http://[2001:db8::1]:8080/x", "[2001:db8::1]")]
    [InlineData("android-app://com.google.android.gm/", "com.google.android.gm")]
    public void A_url_referer_names_its_host_in_lower_case(string referer, string host)
    {
        var destination = new byte[ReferrerHost.MaxLength];

        var length = ReferrerHost.Write(Encoding.ASCII.GetBytes(referer), destination);

        Assert.Equal(host, Encoding.ASCII.GetString(destination, 0, length));
    }

    [Theory]
    [InlineData("-")]
    [InlineData("")]
    [InlineData("www.example.com/no-scheme")]
    [InlineData("://no-scheme.example/")]
    [InlineData("https:///path-only")]
    [InlineData("https://user@/x")]
    [InlineData("http://[2001:db8::1/unclosed")]
    public void A_referer_that_is_no_url_with_a_host_names_none(string referer)
    {
        Assert.Equal(0, ReferrerHost.Write(Encoding.ASCII.GetBytes(referer), new byte[ReferrerHost.MaxLength]));
    }

    [Fact]
    public void A_host_longer_than_dns_allows_names_none()
    {
        var referer = Encoding.ASCII.GetBytes("https://" + new string('a', ReferrerHost.MaxLength + 1) + "/");

        Assert.Equal(0, ReferrerHost.Write(referer, new byte[ReferrerHost.MaxLength]));
    }
}
