using StackExchange.Redis;

namespace LogPipe.Tests.Support;

/// <summary>
/// Known report keys, written as the daemon lays them out (<c>{prefix}{name}:{day}</c>), for the readers' tests: two
/// days whose visitors overlap by 100, so that a range's visitors (the union, about 400) differ from the days' sum (500).
/// </summary>
internal static class ReportData
{
    public static readonly DateOnly FirstDay = new(2026, 12, 5);
    public static readonly DateOnly SecondDay = new(2026, 12, 6);

    /// <summary>Writes the first day's keys under <paramref name="prefix"/>, or for <paramref name="day"/> when given.</summary>
    public static async Task WriteFirstDayAsync(IDatabase database, string prefix, DateOnly? day = null)
    {
        var d = Day(day ?? FirstDay);
        await database.StringIncrementAsync($"{prefix}views:{d}", 1000);
        await database.HyperLogLogAddAsync($"{prefix}visitors:{d}", Visitors(1, 300));
        await database.SortedSetAddAsync($"{prefix}pages:{d}", [new("/", 400), new("/articles/42", 250), new("/about", 100), new("(other)", 5)]);
        await database.SortedSetAddAsync($"{prefix}referrers:{d}", [new("www.google.com", 120), new("news.ycombinator.com", 80)]);
        await database.SortedSetAddAsync($"{prefix}campaigns:{d}", [new("newsletter/email/december", 30)]);
        await database.HashSetAsync($"{prefix}statuses:{d}", [new("200", 1500), new("304", 100), new("404", 40), new("500", 2)]);
        await database.HashSetAsync($"{prefix}crawlers:{d}", [new("Googlebot", 200), new("bingbot", 50)]);
        await database.HashSetAsync($"{prefix}minutes:{d}", [new("10:00", 7), new("10:01", 3), new("23:59", 9)]);
    }

    public static async Task WriteSecondDayAsync(IDatabase database, string prefix)
    {
        var d = Day(SecondDay);
        await database.StringIncrementAsync($"{prefix}views:{d}", 500);
        await database.HyperLogLogAddAsync($"{prefix}visitors:{d}", Visitors(201, 400));
        await database.SortedSetAddAsync($"{prefix}pages:{d}", [new("/", 100), new("/articles/42", 300), new("/new", 50)]);
        await database.SortedSetAddAsync($"{prefix}referrers:{d}", [new("www.google.com", 30), new("t.co", 60)]);
        await database.SortedSetAddAsync($"{prefix}campaigns:{d}", [new("newsletter/email/december", 10), new("x/y/z", 5)]);
        await database.HashSetAsync($"{prefix}statuses:{d}", [new("200", 700), new("301", 20), new("503", 3)]);
        await database.HashSetAsync($"{prefix}crawlers:{d}", [new("Googlebot", 100), new("curl", 10)]);
    }

    /// <summary>What Redis estimates for the visitors of these days together: what a reader must show.</summary>
    public static async Task<long> VisitorsAsync(IDatabase database, string prefix, params DateOnly[] days) =>
        await database.HyperLogLogLengthAsync([.. days.Select(d => (RedisKey)$"{prefix}visitors:{Day(d)}")]);

    public static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static RedisValue[] Visitors(int first, int last) =>
        [.. Enumerable.Range(first, last - first + 1).Select(i => (RedisValue)$"visitor-{i}")];
}
