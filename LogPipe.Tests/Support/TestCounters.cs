using System.Text;
using LogPipe.Counting;

namespace LogPipe.Tests.Support;

/// <summary>The page-view counter as the worker builds it, and structured keys rendered as the flush renders them.</summary>
internal static class TestCounters
{
    public static CounterDefinition Pages(string template = KeyTemplate.Default, int maxPagesPerDay = 100_000, TimeSpan? ttl = null)
    {
        Assert.True(KeyTemplate.TryParse(template, out var keyTemplate, out var error), error);
        return CounterDefinition.PageViews(keyTemplate!, ttl ?? TimeSpan.FromHours(24), maxPagesPerDay);
    }

    /// <summary>A structured page-view key, as the reader writes it.</summary>
    public static byte[] Key(string date, string path, string host = "")
    {
        var key = new byte[CounterKey.MaxLength(Encoding.UTF8.GetByteCount(path))];
        var length = CounterKey.Write(CounterDefinition.PageViewsId, Encoding.ASCII.GetBytes(date), Encoding.UTF8.GetBytes(host), Encoding.UTF8.GetBytes(path), key);
        return key[..length];
    }

    /// <summary>The Redis key a structured key becomes, as text (Latin-1: one char per byte).</summary>
    public static string Render(CounterDefinition counter, ReadOnlySpan<byte> key) =>
        Encoding.Latin1.GetString(counter.RedisKey(CounterKey.Date(key), CounterKey.Host(key), CounterKey.Member(key)));
}
