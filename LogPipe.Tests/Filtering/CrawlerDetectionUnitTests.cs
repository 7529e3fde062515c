using System.Text;
using LogPipe.Filtering;

namespace LogPipe.Tests.Filtering;

public sealed class CrawlerDetectionUnitTests
{
    private static readonly string s_instancesFile = Path.Combine(AppContext.BaseDirectory, "Filtering", "Data", "crawler-instances.txt");

    private readonly UserAgentClassifier _classifier = UserAgentClassifier.CreateDefault();

    // Current user agents of the major browsers, as they send them (reduced "K" Android and frozen OS versions included).
    public static TheoryData<string> Browsers =>
    [
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
        "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
        "Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/AP2A.240905.003; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/131.0.6778.39 Mobile Safari/537.36",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (iPad; CPU OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:133.0) Gecko/20100101 Firefox/133.0",
        "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
        "Mozilla/5.0 (Android 14; Mobile; rv:133.0) Gecko/133.0 Firefox/133.0",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/133.0 Mobile/15E148 Safari/605.1.15",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.86",
        "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36 EdgA/131.0.2903.87",
        "Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S921B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/27.0 Chrome/125.0.0.0 Mobile Safari/537.36",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 OPR/115.0.0.0",
        "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36 OPR/86.0.0.0",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 YaBrowser/24.12.0.0 Safari/537.36",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/22B83 [FBAN/FBIOS;FBAV/491.0.0.49.107;FBBV/658624532;FBDV/iPhone15,2;FBMD/iPhone;FBSN/iOS;FBSV/18.1;FBSS/3;FBID/phone;FBLC/en_US;FBOP/5]",
    ];

    [Fact]
    public void Every_example_the_package_gives_is_classified_as_a_crawler()
    {
        var missed = new List<string>();
        foreach (var (pattern, instance) in Instances())
        {
            if (_classifier.Classify(Latin1(instance)) == UserAgentClassifier.NotACrawler)
            {
                missed.Add($"{pattern}\t{instance}");
            }
        }

        Assert.True(missed.Count == 0, $"{missed.Count} examples not classified as crawlers:\n{string.Join('\n', missed)}");
    }

    [Fact]
    public void Every_entry_of_the_embedded_list_matches_its_own_instances()
    {
        // Each entry alone, as a list of one: the example must be found by that entry (id 1), as plain text or as a
        // regular expression, and not only by some other entry or a generic word.
        var missed = new List<string>();
        string? pattern = null;
        CrawlerMatcher? matcher = null;
        var entries = 0;
        foreach (var (entryPattern, instance) in Instances())
        {
            if (entryPattern != pattern)
            {
                pattern = entryPattern;
                matcher = new CrawlerMatcher(CrawlerList.Parse(new StringReader(pattern)));
                entries++;
            }

            if (matcher!.Match(Latin1(instance)) != 1)
            {
                missed.Add($"{pattern}\t{instance}");
            }
        }

        Assert.True(entries > 1000, $"only {entries} entries have examples");
        Assert.True(missed.Count == 0, $"{missed.Count} examples not matched by their own entry:\n{string.Join('\n', missed)}");
    }

    [Theory]
    [MemberData(nameof(Browsers))]
    public void Ordinary_browsers_match_nothing(string userAgent)
    {
        var id = _classifier.Classify(Latin1(userAgent));

        Assert.True(id == UserAgentClassifier.NotACrawler, $"classified as {(id < 0 ? "" : _classifier.NameOf(id))}");
    }

    [Theory]
    [InlineData("Mozilla/5.0 (compatible; AcmeBot/1.0; +https://acme.example/)", "bot")]
    [InlineData("ACME-BOT/2", "bot")]
    [InlineData("acme-Crawler/2.0", "crawl")]
    [InlineData("AcmeSpider/3 (+https://acme.example/)", "spider")]
    [InlineData("Mozilla/5.0 (compatible; Acme SLURP)", "slurp")]
    [InlineData("Mozilla/5.0 (X11) curl/8.5.0", "curl")]
    [InlineData("GNU WGET 1.21", "wget")]
    [InlineData("Python-Requests/2.32.3", "python-requests")]
    [InlineData("python-urllib3/2.2.3", "python-urllib")]
    [InlineData("Go-HTTP-Client/2.0", "Go-http-client")]
    [InlineData("Java/17.0.2", "Java/")]
    [InlineData("LIBWWW-PERL/6.72", "libwww-perl")]
    [InlineData("OkHttp/4.12.0", "okhttp")]
    [InlineData("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) headlesschrome/131.0.0.0 Safari/537.36", "HeadlessChrome")]
    public void Generic_words_and_tools_match_in_any_case_with_their_own_names(string userAgent, string name)
    {
        Assert.Equal(name, NameFor(userAgent));
    }

    [Theory]
    [InlineData("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", "Googlebot\\/")]
    [InlineData("Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)", "Baiduspider")]
    [InlineData("Googlebot-Image/1.0", "Googlebot-Image")]
    [InlineData("curl/8.5.0", "^curl")]
    [InlineData("Wget/1.21.4", "[wW]get")]
    [InlineData("Mozilla/5.0 (compatible; Mediapartners (Googlebot))", "Mediapartners \\(Googlebot\\)")]
    [InlineData("Mozilla/5.0 (compatible; BlogTraffic/1.42 Feed-Fetcher)", "BlogTraffic\\/\\d\\.\\d+ Feed-Fetcher")]
    public void A_list_entry_is_reported_by_its_pattern_rather_than_a_generic_word(string userAgent, string name)
    {
        Assert.Equal(name, NameFor(userAgent));
    }

    [Fact]
    public void List_entries_match_case_sensitively_as_the_package_means_them()
    {
        Assert.Equal("Baiduspider", NameFor("Baiduspider/2.0"));
        Assert.Equal("spider", NameFor("BAIDUSPIDER/2.0"));
        Assert.Equal("[wW]get", NameFor("wget/1.21"));
        Assert.Equal("wget", NameFor("WGET/1.21"));
    }

    [Theory]
    [InlineData("-")]
    [InlineData("")]
    public void A_missing_user_agent_counts_as_a_tool(string userAgent)
    {
        Assert.Equal(CrawlerList.NoUserAgentId, _classifier.Classify(Latin1(userAgent)));
        Assert.Equal("(no user agent)", NameFor(userAgent));
    }

    [Theory]
    [InlineData("--")]
    [InlineData(" ")]
    [InlineData("x")]
    public void A_user_agent_that_only_looks_missing_is_classified_as_any_other(string userAgent)
    {
        Assert.Equal(UserAgentClassifier.NotACrawler, _classifier.Classify(Latin1(userAgent)));
    }

    [Fact]
    public void Spaces_at_the_ends_of_a_pattern_belong_to_it()
    {
        Assert.Contains("webmon ", _classifier.Names);
        Assert.Contains(" DVbot", _classifier.Names);
        Assert.Equal("webmon ", NameFor("webmon 1.0"));
        Assert.Equal(UserAgentClassifier.NotACrawler, _classifier.Classify("webmonitor 1.0"u8));
    }

    [Fact]
    public void The_embedded_list_is_mostly_plain_text()
    {
        var list = CrawlerList.Default;

        Assert.Equal(1500, list.Literals.Count + list.Regexes.Count);
        Assert.InRange(list.Regexes.Count, 1, 50);
        Assert.Equal(1 + 1500 + list.Tokens.Count, list.Names.Count);
    }

    [Fact]
    public void A_long_user_agent_crafted_against_a_regular_expression_takes_linear_time()
    {
        // Spider[\s\S]*spider\.com retried from each "Spider" of 64 KB (the default --max-line-length), the text it
        // requires placed first so that it is tried at all: backtracking took 5.6 s here, the linear engine 50 ms, its
        // construction included.
        var crafted = Latin1("spider.com " + string.Concat(Enumerable.Repeat("Spider ", 64 * 1024 / 7)));
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();

        Assert.Equal("spider", NameFor(crafted));
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(1), $"took {stopwatch.Elapsed}");
    }

    [Theory]
    [InlineData(10)]
    [InlineData(5_000)]
    public void A_regular_expression_matches_alike_in_short_and_long_user_agents(int gap)
    {
        var padding = new string('a', gap);

        Assert.Equal("Spider[\\s\\S]*spider\\.com", NameFor($"Spider {padding} spider.com"));
        Assert.Equal("BlogTraffic\\/\\d\\.\\d+ Feed-Fetcher", NameFor($"{padding} BlogTraffic/1.42 Feed-Fetcher"));
        Assert.Equal("Spider[\\s\\S]*spider\\.com", NameFor($"{padding} Spider{padding}spider.com"));
        Assert.Null(NameFor($"Sp{padding}ider spyder.com"));
    }

    [Fact]
    public void Bytes_outside_ascii_are_read_one_char_each()
    {
        // Apache escapes them as \xHH, but a line from elsewhere may hold them raw: they must not stop the search.
        Assert.Equal("bot", NameFor([0xC3, 0xA9, 0xFF, .. "bot"u8]));
        Assert.Equal(UserAgentClassifier.NotACrawler, _classifier.Classify([0xC3, 0xA9, 0xFF, 0x80, (byte)'b']));
    }

    private string? NameFor(string userAgent) => NameFor(Latin1(userAgent));

    private string? NameFor(byte[] userAgent)
    {
        var id = _classifier.Classify(userAgent);
        return id == UserAgentClassifier.NotACrawler ? null : _classifier.NameOf(id);
    }

    private static byte[] Latin1(string text) => Encoding.Latin1.GetBytes(text);

    private static IEnumerable<(string Pattern, string Instance)> Instances()
    {
        foreach (var line in File.ReadLines(s_instancesFile, Encoding.UTF8))
        {
            if (line.StartsWith('#'))
            {
                continue;
            }

            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            yield return (line[..tab], line[(tab + 1)..]);
        }
    }

    [Theory]
    [InlineData("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", "Googlebot")]
    [InlineData("Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)", "bingbot")]
    [InlineData("curl/8.5.0", "curl")]
    [InlineData("python-requests/2.32.3", "python-requests")]
    [InlineData("-", CrawlerList.NoUserAgentName)]
    [InlineData("", CrawlerList.NoUserAgentName)]
    [InlineData("MyOwnBot/1.0", "bot")]
    public void A_crawler_is_reported_under_its_pattern_as_plain_text(string userAgent, string reportName)
    {
        var id = _classifier.Classify(Encoding.UTF8.GetBytes(userAgent));

        Assert.Equal(reportName, CrawlerList.Default.ReportNames[id]);
        Assert.Equal(reportName, Encoding.UTF8.GetString(CrawlerList.Default.ReportNameBytes[id]));
    }

    [Fact]
    public void A_pattern_is_reported_by_its_first_spelling_or_as_written_when_it_has_none()
    {
        var list = CrawlerList.Parse(new StringReader("[wW]get\\/\n^Plain\\/\nS[eE][mM]rushBot\nAhrefs(Bot|SiteAudit)\nBot\\d+\n[a-z]+crawler\n"));

        Assert.Equal(["(no user agent)", "wget", "Plain", "SemrushBot", "AhrefsBot", "Bot\\d+", "[a-z]+crawler"], list.ReportNames.Take(7));
    }
}
