using System.Text;
using LogPipe.Counting;
using LogPipe.Filtering;

namespace LogPipe.Tests.Filtering;

/// <summary>The per-user-agent cache of <see cref="UserAgentClassifier"/>: bounded, and never a different answer than no cache.</summary>
public sealed class CrawlerCacheUnitTests
{
    private static readonly string[] s_mix =
    [
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
        "curl/8.5.0",
        "Mozilla/5.0 (compatible; AcmeBot/1.0)",
        "Mozilla/5.0 (compatible; BlogTraffic/1.42 Feed-Fetcher)",
        "python-requests/2.32.3",
        "-",
    ];

    private readonly CrawlerMatcher _uncached = new(CrawlerList.Default);

    [Fact]
    public void A_cached_hit_returns_what_an_uncached_classification_does()
    {
        var classifier = UserAgentClassifier.CreateDefault();
        foreach (var userAgent in s_mix)
        {
            var bytes = Encoding.Latin1.GetBytes(userAgent);
            var expected = _uncached.Match(bytes);

            Assert.Equal(expected, classifier.Classify(bytes));
            Assert.Equal(expected, classifier.Classify(bytes));
            Assert.Equal(expected, classifier.Classify((byte[])bytes.Clone()));
        }

        Assert.Equal(s_mix.Length - 1, classifier.CachedEntries);
    }

    [Fact]
    public void The_cache_never_holds_more_than_its_capacity_and_classifies_correctly_after_eviction()
    {
        var classifier = UserAgentClassifier.CreateDefault(capacity: 64);
        Assert.Equal(64, classifier.Capacity);
        for (var round = 0; round < 2; round++)
        {
            for (var i = 0; i < 5_000; i++)
            {
                var bytes = DistinctUserAgent(i);
                Assert.Equal(_uncached.Match(bytes), classifier.Classify(bytes));
                Assert.InRange(classifier.CachedEntries, 1, classifier.Capacity);
            }
        }

        Assert.Equal(classifier.Capacity, classifier.CachedEntries);
    }

    [Fact]
    public void A_user_agent_one_byte_away_from_a_cached_one_is_classified_on_its_own()
    {
        // Two slots, one set: every user agent lands beside the cached one, and only the stored bytes tell them apart.
        var classifier = UserAgentClassifier.CreateDefault(capacity: 2);
        var original = "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)"u8.ToArray();
        for (var at = 0; at < original.Length; at++)
        {
            Assert.Equal(_uncached.Match(original), classifier.Classify(original));
            var changed = (byte[])original.Clone();
            changed[at] = (byte)'#';
            Assert.Equal(_uncached.Match(changed), classifier.Classify(changed));
            Assert.Equal(_uncached.Match(original.AsSpan(0, original.Length - 1)), classifier.Classify(original.AsSpan(0, original.Length - 1)));
        }
    }

    [Fact]
    public void Two_user_agents_with_one_hash_each_keep_their_own_answer()
    {
        // With key material of zeros, NH multiplies an 8-byte key's two halves: swapping them keeps the hash.
        var zeros = new uint[KeyHash.NhKeyBytes / sizeof(uint)];
        var crawler = "xxcurlxx"u8.ToArray();
        var browser = "rlxxxxcu"u8.ToArray();
        Assert.Equal(KeyHash.Of(crawler, zeros, 0), KeyHash.Of(browser, zeros, 0));
        var classifier = new UserAgentClassifier(CrawlerList.Default, UserAgentClassifier.DefaultCapacity, zeros, 0);

        Assert.Equal("curl", classifier.NameOf(classifier.Classify(crawler)));
        Assert.Equal(UserAgentClassifier.NotACrawler, classifier.Classify(browser));
        Assert.Equal("curl", classifier.NameOf(classifier.Classify(crawler)));
        Assert.Equal(UserAgentClassifier.NotACrawler, classifier.Classify(browser));
        Assert.Equal(2, classifier.CachedEntries);
    }

    [Fact]
    public void Long_user_agents_are_classified_without_caching()
    {
        var classifier = UserAgentClassifier.CreateDefault();
        var padding = new string('a', UserAgentClassifier.MaxCachedLength);
        var crawler = Encoding.Latin1.GetBytes($"Mozilla/5.0 ({padding}) Googlebot/2.1");
        var browser = Encoding.Latin1.GetBytes($"Mozilla/5.0 ({padding}) Firefox/133.0");
        var huge = Encoding.Latin1.GetBytes($"Mozilla/5.0 ({new string('a', 100_000)}) Googlebot/2.1");

        for (var i = 0; i < 2; i++)
        {
            Assert.Equal("Googlebot\\/", classifier.NameOf(classifier.Classify(crawler)));
            Assert.Equal(UserAgentClassifier.NotACrawler, classifier.Classify(browser));
            Assert.Equal("Googlebot\\/", classifier.NameOf(classifier.Classify(huge)));
        }

        Assert.Equal(0, classifier.CachedEntries);
        var longest = Encoding.Latin1.GetBytes($"{new string('a', UserAgentClassifier.MaxCachedLength - 3)}bot");
        Assert.Equal("bot", classifier.NameOf(classifier.Classify(longest)));
        Assert.Equal(1, classifier.CachedEntries);
    }

    [Fact]
    public void A_cache_hit_allocates_nothing()
    {
        var userAgents = Array.ConvertAll(s_mix, Encoding.Latin1.GetBytes);

        // The hash key is random per process: a seed under which no three of them share a two-way set keeps every one
        // the cache takes (as many as a far larger cache takes), so that the loop measures hits alone.
        var cacheable = Warm(new UserAgentClassifier(CrawlerList.Default, 1 << 20, KeyHash.Secret.Material, 0), userAgents).CachedEntries;
        UserAgentClassifier classifier;
        var seed = 0;
        do
        {
            classifier = Warm(new UserAgentClassifier(CrawlerList.Default, UserAgentClassifier.DefaultCapacity, KeyHash.Secret.Material, seed++), userAgents);
        }
        while (classifier.CachedEntries < cacheable && seed < 1000);

        // The runtime may allocate a few bytes on the thread once (tiering up the loop); an allocation per hit would show
        // in every attempt, thousands of times over, so the least of three attempts is what the hits cost.
        var allocated = long.MaxValue;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var crawlers = 0;
            for (var round = 0; round < 1_000; round++)
            {
                foreach (var userAgent in userAgents)
                {
                    crawlers += classifier.Classify(userAgent) == UserAgentClassifier.NotACrawler ? 0 : 1;
                }
            }

            allocated = Math.Min(allocated, GC.GetAllocatedBytesForCurrentThread() - before);
            Assert.Equal(6_000, crawlers);
        }

        Assert.Equal(0, allocated);
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(3, 4)]
    [InlineData(4096, 4096)]
    [InlineData(5000, 8192)]
    public void Capacity_is_rounded_up_to_a_power_of_two(int asked, int capacity)
    {
        Assert.Equal(capacity, UserAgentClassifier.CreateDefault(asked).Capacity);
    }

    [Fact]
    public void A_capacity_below_one_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => UserAgentClassifier.CreateDefault(0));
    }

    // Every tenth a crawler, the rest browsers: distinct bytes for each i.
    private static byte[] DistinctUserAgent(int i) => Encoding.Latin1.GetBytes(i % 10 == 0
        ? $"Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html?{i})"
        : $"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.{i}.0 Safari/537.36");

    private static UserAgentClassifier Warm(UserAgentClassifier classifier, byte[][] userAgents)
    {
        foreach (var userAgent in userAgents)
        {
            classifier.Classify(userAgent);
        }

        return classifier;
    }
}
