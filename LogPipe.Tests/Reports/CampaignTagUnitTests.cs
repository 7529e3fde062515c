using System.Text;
using LogPipe.Counting;
using LogPipe.Reports;

namespace LogPipe.Tests.Reports;

public sealed class CampaignTagUnitTests
{
    [Theory]
    [InlineData("/a?utm_source=news&utm_medium=email&utm_campaign=winter+sale", "news/email/winter sale")]
    [InlineData("/a?ref=x&utm_campaign=black%20friday&utm_source=ads", "ads//black friday")]
    [InlineData("/a?utm_source=only", "only//")]
    [InlineData("/a?utm_source=first&utm_source=second", "first//")]
    [InlineData("/a?utm_medium=%2Fslash%zz%4", "//slash%zz%4/")]
    [InlineData("/a?utm_source", "//")]
    [InlineData("http://host/a?utm_medium=cpc", "/cpc/")]
    public void A_tagged_query_names_source_medium_and_campaign_decoded(string target, string campaign)
    {
        var destination = new byte[256];

        var length = CampaignTag.Write(Encoding.ASCII.GetBytes(target), destination);

        Assert.Equal(campaign, Encoding.ASCII.GetString(destination, 0, length));
    }

    [Theory]
    [InlineData("/a")]
    [InlineData("/a?ref=home")]
    [InlineData("/a?xutm_source=news")]
    [InlineData("/a?UTM_SOURCE=news")]
    [InlineData("/utm_source=news")]
    public void A_query_without_the_three_parameters_names_no_campaign(string target)
    {
        Assert.Equal(-1, CampaignTag.Write(Encoding.ASCII.GetBytes(target), new byte[256]));
    }

    [Fact]
    public void A_campaign_longer_than_the_room_given_counts_as_other()
    {
        var target = Encoding.ASCII.GetBytes("/a?utm_campaign=" + new string('x', 100));
        var destination = new byte[64];

        var length = CampaignTag.Write(target, destination);

        Assert.Equal(CounterKey.Overflow.ToArray(), destination[..length]);
    }
}
