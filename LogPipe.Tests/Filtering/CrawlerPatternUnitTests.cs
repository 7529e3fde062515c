using LogPipe.Filtering;

namespace LogPipe.Tests.Filtering;

/// <summary>How a crawler-user-agents pattern is read: plain text or a regular expression, and what text a regular expression requires.</summary>
public sealed class CrawlerPatternUnitTests
{
    [Theory]
    [InlineData("Googlebot\\/", "Googlebot/")]
    [InlineData("Mediapartners \\(Googlebot\\)", "Mediapartners (Googlebot)")]
    [InlineData("Unshorten\\.It\\!", "Unshorten.It!")]
    [InlineData("webmon ", "webmon ")]
    [InlineData("[wW]get", null)]
    [InlineData("^curl", null)]
    [InlineData("BlogTraffic\\/\\d\\.\\d+ Feed-Fetcher", null)]
    [InlineData("Netumo|netumo", null)]
    [InlineData("GoogleAssociationService$", null)]
    public void Escaped_punctuation_is_plain_text_and_any_other_syntax_is_a_regular_expression(string pattern, string? literal)
    {
        Assert.Equal(literal is not null, CrawlerList.TryUnescape(pattern, out var unescaped));
        Assert.Equal(literal, unescaped);
    }

    [Theory]
    [InlineData("Spider[\\s\\S]*spider\\.com", "spider.com")]
    [InlineData("Netumo|netumo", "Netumo", "netumo")]
    [InlineData("Automaton|Newsify Feed Fetcher", "Automaton", "Newsify Feed Fetcher")]
    [InlineData("(^| )sentry\\/", "sentry/")]
    [InlineData("AdsBot-Google([^-]|$)", "AdsBot-Google")]
    [InlineData("S[eE][mM]rushBot", "rushBot")]
    [InlineData("BlogTraffic\\/\\d\\.\\d+ Feed-Fetcher", " Feed-Fetcher")]
    [InlineData("^curl", "curl")]
    [InlineData("GoogleAssociationService$", "GoogleAssociationService")]
    [InlineData("colou?r", "colo")]
    [InlineData("ab+c", "a")]
    [InlineData("x[)(|]yz(a|b)?", "yz")]
    [InlineData("[]|)]ab|[^]|]cd", "ab", "cd")]
    [InlineData("Unshorten\\.It\\!", "Unshorten.It!")]
    public void A_regular_expression_requires_the_longest_plain_run_of_each_alternative(string pattern, params string[] required)
    {
        Assert.Equal(required, RequiredLiterals.Of(pattern));
    }

    [Theory]
    [InlineData("bot|.*")]
    [InlineData("(bot)")]
    [InlineData("[bB]")]
    [InlineData("^$")]
    [InlineData("(?i)bot")]
    [InlineData("bo{2}t")]
    [InlineData("bot\\")]
    [InlineData("bot(")]
    public void A_regular_expression_without_plain_text_outside_groups_in_every_alternative_has_no_prefilter(string pattern)
    {
        Assert.Null(RequiredLiterals.Of(pattern));
    }

    [Fact]
    public void Every_regular_expression_of_the_embedded_list_but_a_few_has_a_prefilter()
    {
        var without = new List<string>();
        foreach (var regex in CrawlerList.Default.Regexes)
        {
            if (RequiredLiterals.Of(regex.Text) is null)
            {
                without.Add(regex.Text);
            }
        }

        Assert.True(without.Count <= 2, string.Join('\n', without));
    }
}
