using System.Text;
using LogPipe.LogGen;

namespace LogPipe.Tests.LogGen;

/// <summary>The referrer host and campaign rules LogGen fills its expected reports by, on hand-made cases.</summary>
public sealed class ExpectedReportsRulesUnitTests
{
    private const string Site = "www.example.com";

    [Theory]
    [InlineData("https://www.google.com/search?q=x", "www.google.com")]
    [InlineData("https://Mail.Google.COM/mail/u/0/", "mail.google.com")]
    [InlineData("https://user:secret@news.example.org:8443/item?id=7", "news.example.org")]
    [InlineData("http://[2001:DB8::1]:8080/", "[2001:db8::1]")]
    [InlineData("https://www.google.com?q=redis#top", "www.google.com")]
    [InlineData("https://t.co#frag", "t.co")]
    [InlineData("https://lobste.rs", "lobste.rs")]
    [InlineData("android-app://com.google.android.gm/", "com.google.android.gm")]
    [InlineData("http://localhost:8080/", "localhost")]
    [InlineData("https://www.example.com.mirror.example/", "www.example.com.mirror.example")]
    [InlineData("https://l.facebook.com/l.php?u=https%3A%2F%2Fwww.example.com%2F", "l.facebook.com")]
    public void A_url_counts_under_its_lower_cased_host(string referer, string host) =>
        Assert.Equal(host, ExpectedReports.RefererHost(Encoding.ASCII.GetBytes(referer), Site));

    [Theory]
    [InlineData("-")]
    [InlineData("")]
    [InlineData("www.example.net/links.html")]
    [InlineData("://no-scheme.example/")]
    [InlineData("https:///no-host")]
    [InlineData("https://user@:80/")]
    [InlineData("https://www.example.com/about")]
    [InlineData("https://WWW.Example.COM/about")]
    [InlineData("http://www.example.com:8080/")]
    public void What_is_no_url_has_no_host_or_is_the_site_counts_under_no_host(string referer) =>
        Assert.Null(ExpectedReports.RefererHost(Encoding.ASCII.GetBytes(referer), Site));

    [Fact]
    public void A_host_counts_up_to_253_bytes()
    {
        var longest = new string('a', 245) + ".example";
        Assert.Equal(longest, ExpectedReports.RefererHost(Encoding.ASCII.GetBytes($"https://{longest}/"), Site));
        Assert.Null(ExpectedReports.RefererHost(Encoding.ASCII.GetBytes($"https://a{longest}/"), Site));
    }

    [Theory]
    [InlineData("/?utm_source=newsletter&utm_medium=email&utm_campaign=weekly", "newsletter/email/weekly")]
    [InlineData("/about?utm_source=google&utm_medium=cpc&utm_campaign=brand+search&gclid=x", "google/cpc/brand search")]
    [InlineData("/a?ref=home&utm_campaign=caf%C3%A9+week&utm_medium=social&utm_source=mastodon", "mastodon/social/caf\u00c3\u00a9 week")]
    [InlineData("/?utm_source=partner", "partner//")]
    [InlineData("/t?utm_source=rss&utm_medium=feed&utm_source=feedly&utm_campaign=caf%E9", "rss/feed/caf\u00e9")]
    [InlineData("/?utm_campaign=100%25+off%zz%4", "//100% off%zz%4")]
    [InlineData("/?utm_source=&utm_medium=qr", "/qr/")]
    [InlineData("/?UTM_Source=Newsletter&utm_medium=email&utm_campaign=C%2B%2B%20tips", "/email/C++ tips")]
    [InlineData("/?utm_source=a=b&utm_medium=%2", "a=b/%2/")]
    public void A_query_with_utm_parameters_counts_under_source_medium_and_campaign(string target, string member) =>
        Assert.Equal(member, ExpectedReports.CampaignMember(Encoding.ASCII.GetBytes(target)));

    [Theory]
    [InlineData("/articles/42")]
    [InlineData("/articles/42?ref=home")]
    [InlineData("/?UTM_SOURCE=x&utm_source_platform=y&xutm_medium=z")]
    [InlineData("/utm_source=x")]
    public void A_target_without_utm_parameters_counts_under_no_campaign(string target) =>
        Assert.Null(ExpectedReports.CampaignMember(Encoding.ASCII.GetBytes(target)));
}
