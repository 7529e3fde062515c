using System.Text;
using LogPipe.Counting;
using LogPipe.Reports;
using LogPipe.Storage;
using LogPipe.Tests.Support;
using StackExchange.Redis;

namespace LogPipe.Tests.Integration;

/// <summary>The reports' branches of the flush script, driven directly against a real redis-server.</summary>
public sealed class ReportStoreTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const string Day = "2026-11-29";

    [RedisFact]
    public async Task Every_kind_of_report_in_a_batch_sent_twice_is_applied_once()
    {
        var host = NewHost();
        var reports = new ReportCounters(ReportKinds.All, perHost: true, keepDays: 36500, maxMembersPerDay: 100);
        await using var store = redis.NewCounterStore();
        var batch = Batch(
            Group(reports.Views!, host, ("", 5)),
            Group(reports.Statuses!, host, ("200", 4), ("404", 1)),
            Group(reports.Pages!, host, ("/a", 3), ("/b", 2)),
            Group(reports.Visitors!, host, ("v1", 3), ("v2", 1), ("v3", 1)));

        Assert.True(await store.ApplyAsync(batch, CancellationToken.None));
        Assert.False(await store.ApplyAsync(batch, CancellationToken.None));

        Assert.Equal(5, (long)await redis.Database.StringGetAsync($"{host}:views:{Day}"));
        Assert.Equal(
            new Dictionary<string, long> { ["200"] = 4, ["404"] = 1 },
            (await redis.Database.HashGetAllAsync($"{host}:statuses:{Day}")).ToDictionary(entry => (string)entry.Name!, entry => (long)entry.Value));
        Assert.Equal(
            new Dictionary<string, double> { ["/a"] = 3, ["/b"] = 2 },
            (await redis.Database.SortedSetRangeByRankWithScoresAsync($"{host}:pages:{Day}")).ToDictionary(entry => (string)entry.Element!, entry => entry.Score));
        Assert.Equal(3, await redis.Database.HyperLogLogLengthAsync($"{host}:visitors:{Day}"));
    }

    [RedisFact]
    public async Task A_sorted_set_takes_new_members_up_to_the_cap_shared_by_every_store_and_the_rest_count_as_other()
    {
        var host = NewHost();
        var pages = new ReportCounters(ReportKinds.Pages, perHost: true, keepDays: 36500, maxMembersPerDay: 3).Pages!;
        await using var first = redis.NewCounterStore();
        await using var second = redis.NewCounterStore();

        await first.ApplyAsync(Batch(Group(pages, host, ("a", 1), ("b", 2))), CancellationToken.None);
        await second.ApplyAsync(Batch(Group(pages, host, ("a", 10), ("c", 3), ("d", 4))), CancellationToken.None);
        await first.ApplyAsync(Batch(Group(pages, host, ("e", 5), ("(other)", 7), ("b", 1))), CancellationToken.None);

        var members = (await redis.Database.SortedSetRangeByRankWithScoresAsync($"{host}:pages:{Day}")).ToDictionary(entry => (string)entry.Element!, entry => entry.Score);
        Assert.Equal(new Dictionary<string, double> { ["a"] = 11, ["b"] = 3, ["c"] = 3, ["(other)"] = 16 }, members);
    }

    [RedisFact]
    public async Task A_reports_key_expires_keep_days_after_its_day_has_ended_everywhere()
    {
        var host = NewHost();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var views = new ReportCounters(ReportKinds.Views, perHost: true, keepDays: 35, maxMembersPerDay: 100).Views!;
        await using var store = redis.NewCounterStore();

        await store.ApplyAsync(Batch(Group(views, host, ("", 1), today)), CancellationToken.None);

        // The day ends last at noon UTC of the next day (UTC-12:00); 35 days after that.
        var expected = new DateTimeOffset(today.AddDays(1).ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero).AddDays(35).ToUnixTimeSeconds();
        var expireTime = (long)(await redis.Database.ExecuteAsync("EXPIRETIME", $"{host}:views:{today:yyyy-MM-dd}"));
        Assert.Equal(expected, expireTime);
    }

    [RedisFact]
    public async Task A_day_older_than_keep_days_leaves_no_key_behind()
    {
        var host = NewHost();
        var views = new ReportCounters(ReportKinds.Views, perHost: true, keepDays: 1, maxMembersPerDay: 100).Views!;
        await using var store = redis.NewCounterStore();

        await store.ApplyAsync(Batch(Group(views, host, ("", 1), new DateOnly(2020, 1, 1))), CancellationToken.None);

        Assert.False(await redis.Database.KeyExistsAsync($"{host}:views:2020-01-01"));
    }

    [RedisFact]
    public async Task A_report_key_of_another_type_is_refused_alone_and_costs_no_page_view()
    {
        var host = NewHost();
        var reports = new ReportCounters(ReportKinds.All, perHost: true, keepDays: 36500, maxMembersPerDay: 100);
        await redis.Database.StringSetAsync($"{host}:pages:{Day}", "someone else's");
        await redis.Database.HashSetAsync($"{host}:views:{Day}", "owner", "someone else");
        await using var store = redis.NewCounterStore();

        var outcome = await store.SendAsync(
            Batch(Group(reports.Pages!, host, ("/a", 3)), Group(reports.Views!, host, ("", 3)), Group(reports.Minutes!, host, ("12:00", 3))),
            CancellationToken.None);

        Assert.Equal(2, outcome.RefusedKeys);
        Assert.Equal(0, outcome.RefusedHits);
        Assert.Equal([$"{host}:pages:{Day}", $"{host}:views:{Day}"], outcome.RefusedKeyNames);
        Assert.Equal(3, (long)await redis.Database.HashGetAsync($"{host}:minutes:{Day}", "12:00"));
        Assert.Equal("someone else's", await redis.Database.StringGetAsync($"{host}:pages:{Day}"));
    }

    [RedisFact]
    public async Task The_key_prefix_starts_every_key_written_the_scripts_own_included()
    {
        var prefix = $"site-{Guid.NewGuid():N}:";
        var reports = new ReportCounters(ReportKinds.Views, perHost: false, keepDays: 36500, maxMembersPerDay: 100);
        var pages = TestCounters.Pages();
        await using var store = new RedisCounterStore(RedisConfiguration.Parse(redis.Configuration), statsKey: null, keyPrefix: prefix);

        await store.ApplyAsync(Batch(Group(pages, "", ("/a", 2)), Group(reports.Views!, "", ("", 2))), CancellationToken.None);

        var keys = new List<string>();
        await foreach (var key in redis.Server.KeysAsync(pattern: prefix + "*"))
        {
            keys.Add(key!);
        }

        Assert.Equal(2, (long)await redis.Database.StringGetAsync($"{prefix}hits:{Day}:/a"));
        Assert.Equal(2, (long)await redis.Database.StringGetAsync($"{prefix}views:{Day}"));
        Assert.Contains(keys, key => key.StartsWith($"{prefix}logpipe:batch:", StringComparison.Ordinal));
        Assert.Contains($"{prefix}logpipe:created:hits:{Day}:", keys);
        Assert.Equal(4, keys.Count);
    }

    private static string NewHost() => $"h{Guid.NewGuid():N}";

    private static CounterGroup Group(CounterDefinition counter, string host, params (string Member, long Hits)[] counts) =>
        Group(counter, host, counts, DateOnly.ParseExact(Day, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));

    private static CounterGroup Group(CounterDefinition counter, string host, (string Member, long Hits) count, DateOnly day) =>
        Group(counter, host, [count], day);

    private static CounterGroup Group(CounterDefinition counter, string host, (string Member, long Hits)[] counts, DateOnly day)
    {
        var group = new CounterGroup(counter, Encoding.ASCII.GetBytes(day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), Encoding.ASCII.GetBytes(host));
        foreach (var (member, hits) in counts)
        {
            group.Add(Encoding.UTF8.GetBytes(member), hits);
        }

        return group;
    }

    private static CounterBatch Batch(params CounterGroup[] groups) => new($"test-{Guid.NewGuid():N}", groups);
}
