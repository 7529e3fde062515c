using System.Text;
using LogPipe.Reports;

namespace LogPipe.Tests.Reports;

public sealed class ReferrerFilterUnitTests
{
    [Fact]
    public void Referers_from_the_site_hosts_do_not_count()
    {
        var filter = new ReferrerFilter(["www.example.com", "Example.com"], []);

        Assert.False(filter.Counts("www.example.com"u8, default));
        Assert.False(filter.Counts("example.com"u8, default));
        Assert.True(filter.Counts("blog.example.com"u8, default));
        Assert.False(filter.UsesVirtualHost);
    }

    [Fact]
    public void Without_site_hosts_the_lines_virtual_host_is_the_site_in_any_case()
    {
        var filter = new ReferrerFilter([], []);

        Assert.True(filter.UsesVirtualHost);
        Assert.False(filter.Counts("www.example.com"u8, "WWW.example.COM"u8));
        Assert.True(filter.Counts("www.example.com"u8, "blog.example.com"u8));
        Assert.True(filter.Counts("www.example.com"u8, default));
    }

    [Theory]
    [InlineData("spam.example", false)]
    [InlineData("a.b.spam.example", false)]
    [InlineData("notspam.example", true)]
    [InlineData("spam.example.org", true)]
    [InlineData("example", true)]
    public void Ignored_hosts_leave_out_their_subdomains_too(string host, bool counts)
    {
        var filter = new ReferrerFilter(["www.example.com"], ["Spam.Example"]);

        Assert.Equal(counts, filter.Counts(Encoding.ASCII.GetBytes(host), default));
    }
}
