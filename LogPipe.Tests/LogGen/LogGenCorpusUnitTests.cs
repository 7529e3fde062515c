using System.Text;
using LogPipe.Filtering;
using LogPipe.LogGen;

namespace LogPipe.Tests.LogGen;

/// <summary>
/// LogGen knows its crawlers report by construction: each bot of its corpus says the name LogPipe's classifier gives
/// it, and no browser of the corpus is a crawler. These check both against the classifier itself.
/// </summary>
public sealed class LogGenCorpusUnitTests
{
    private readonly UserAgentClassifier _classifier = UserAgentClassifier.CreateDefault();

    public static TheoryData<int> BotIndexes => [.. Enumerable.Range(0, Corpus.Bots.Length)];

    public static TheoryData<int> BrowserIndexes => [.. Enumerable.Range(0, Corpus.Browsers.Length)];

    [Theory]
    [MemberData(nameof(BotIndexes))]
    public void Each_bot_names_the_crawler_the_classifier_reports(int bot)
    {
        var (agent, _, _, _, reportName) = Corpus.Bots[bot];

        var id = _classifier.Classify(Encoding.ASCII.GetBytes(agent));

        Assert.True(id >= 0, $"'{agent}' is not taken for a crawler");
        Assert.Equal(reportName, CrawlerList.Default.ReportNames[id]);
    }

    [Theory]
    [MemberData(nameof(BrowserIndexes))]
    public void No_browser_is_taken_for_a_crawler(int browser)
    {
        var agent = Corpus.Browsers[browser].Agent;

        var id = _classifier.Classify(Encoding.ASCII.GetBytes(agent));

        Assert.True(id == UserAgentClassifier.NotACrawler, $"'{agent}' is taken for {(id >= 0 ? CrawlerList.Default.ReportNames[id] : "?")}");
    }

    [Fact]
    public void A_missing_user_agent_is_reported_under_the_name_LogGen_expects()
    {
        Assert.Equal(ExpectedReports.NoUserAgent, CrawlerList.Default.ReportNames[_classifier.Classify("-"u8)]);
        Assert.Equal(ExpectedReports.NoUserAgent, CrawlerList.Default.ReportNames[_classifier.Classify([])]);
    }
}
