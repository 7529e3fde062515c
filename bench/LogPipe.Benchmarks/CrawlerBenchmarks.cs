using System.Text;
using BenchmarkDotNet.Attributes;
using LogPipe.Filtering;

namespace LogPipe.Benchmarks;

/// <summary>
/// UserAgentClassifier per call: a cache hit (what nearly every line costs), and a miss for a browser and for a crawler
/// (once per distinct user agent): hash, the list's literals, its regular expressions and the generic words, then the
/// store. Misses come from a two-slot cache cycling over more user agents than it holds. Also the cost of building the
/// default classifier, which a process pays once before its first line.
/// </summary>
public class CrawlerBenchmarks
{
    private const int Agents = 16;

    private static readonly string[] s_browsers =
    [
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
        "Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
    ];

    private static readonly string[] s_crawlers =
    [
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
        "Mozilla/5.0 (compatible; SemrushBot/7~bl; +http://www.semrush.com/bot.html)",
        "curl/8.5.0",
        "python-requests/2.32.3",
        "Wget/1.21.4",
        "Mozilla/5.0 (compatible; AcmeBot/1.0; +https://acme.example/)",
    ];

    private UserAgentClassifier _cached = null!;
    private UserAgentClassifier _twoSlots = null!;
    private byte[][] _mixed = null!;
    private byte[][] _browsers = null!;
    private byte[][] _crawlers = null!;

    [GlobalSetup]
    public void Setup()
    {
        _cached = UserAgentClassifier.CreateDefault();
        _twoSlots = UserAgentClassifier.CreateDefault(capacity: 2);

        // Distinct bytes for each of the Agents copies, so a two-slot cache misses on every one.
        _browsers = Distinct(s_browsers);
        _crawlers = Distinct(s_crawlers);
        _mixed = [.. _browsers, .. _crawlers];
        foreach (var userAgent in _mixed)
        {
            _cached.Classify(userAgent);
        }
    }

    [Benchmark(OperationsPerInvoke = 2 * Agents, Description = "Classify, cache hit")]
    public int Hit() => ClassifyAll(_cached, _mixed);

    [Benchmark(OperationsPerInvoke = Agents, Description = "Classify, cache miss, browser (nothing matches)")]
    public int MissBrowser() => ClassifyAll(_twoSlots, _browsers);

    [Benchmark(OperationsPerInvoke = Agents, Description = "Classify, cache miss, crawler")]
    public int MissCrawler() => ClassifyAll(_twoSlots, _crawlers);

    [Benchmark(Description = "Build the default classifier (list already loaded)")]
    public int Create() => UserAgentClassifier.CreateDefault().Capacity;

    private static int ClassifyAll(UserAgentClassifier classifier, byte[][] userAgents)
    {
        var sum = 0;
        foreach (var userAgent in userAgents)
        {
            sum += classifier.Classify(userAgent);
        }

        return sum;
    }

    private static byte[][] Distinct(string[] userAgents)
    {
        var result = new byte[Agents][];
        for (var i = 0; i < Agents; i++)
        {
            result[i] = Encoding.ASCII.GetBytes($"{userAgents[i % userAgents.Length]} {i}");
        }

        return result;
    }
}
