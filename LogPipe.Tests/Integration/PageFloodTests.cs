using System.Globalization;
using LogPipe.Tests.Support;
using StackExchange.Redis;

namespace LogPipe.Tests.Integration;

/// <summary>
/// Floods of distinct paths through the real binary into a real Redis: what random URLs can cost Redis is bounded by
/// the day's cap, and no hit is lost on the way, whether stdin is a pipe or a file.
/// </summary>
public sealed class PageFloodTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromMinutes(3);

    [RedisFact]
    public async Task A_million_distinct_paths_through_a_pipe_make_at_most_the_days_cap_of_keys_and_their_total_is_exact()
    {
        const int Lines = 1_000_000;

        // The pipe is read far faster than Redis takes a million new keys: what is left at end of input gets the time it
        // takes on a busy machine, as this test is about what the keys cost Redis, not about the exit deadline.
        await using var logPipe = await LogPipeProcess.RunAsync(
            ["--redis", redis.Configuration, "--key-template", "flood:{date}:{path}", "--stats-key", "flood:stats", "--shutdown-timeout", "60s",
                "--keep-days", "3650"],
            AccessLines.Lines(Enumerable.Range(0, Lines).Select(i => AccessLines.Get(Path(i)))),
            s_deadline);

        Assert.True(logPipe.ExitCode == 0, logPipe.StandardError);
        var counts = await redis.ReadCountsAsync($"flood:{AccessLines.Day}:*");
        Assert.Equal(100_001, counts.Count);
        Assert.Equal(Lines - 100_000, counts[$"flood:{AccessLines.Day}:(other)"]);
        Assert.Equal(Lines, counts.Values.Sum());
        Assert.Equal(100_000, (long)await redis.Database.StringGetAsync($"logpipe:created:flood:{AccessLines.Day}:"));
        var stats = await redis.Database.HashGetAllAsync("flood:stats");
        Assert.Equal(0, Field(stats, "dropped"));
        Assert.Equal(Lines, Field(stats, "lines_counted"));

        // The day's top pages are its page keys: the same 100,000 paths and (other), not a member more.
        Assert.Equal(100_001, await redis.Database.SortedSetLengthAsync($"pages:{AccessLines.Day}"));
        Assert.Equal(Lines - 100_000, await redis.Database.SortedSetScoreAsync($"pages:{AccessLines.Day}", "(other)"));
    }

    [RedisFact]
    public async Task Two_million_distinct_paths_from_a_file_each_get_their_own_key_as_reading_waits_for_redis()
    {
        const int Lines = 2_000_000;
        using var directory = new TempDirectory(nameof(Two_million_distinct_paths_from_a_file_each_get_their_own_key_as_reading_waits_for_redis));
        var input = directory.File("access.log");
        await using (var file = new StreamWriter(input))
        {
            for (var i = 0; i < Lines; i++)
            {
                await file.WriteAsync(AccessLines.Get(Path(i)) + "\n");
            }
        }

        // Far fewer pending keys than paths: only waiting for Redis, not folding into (other), keeps every path its key.
        await using var logPipe = LogPipeProcess.StartWithInputFrom(
            input,
            ["--redis", redis.Configuration, "--key-template", "file:{date}:{path}", "--stats-key", "file:stats",
                "--count-all", "--max-pages-per-day", "10000000", "--max-pending-keys", "100000", "--reports", "none"]);
        await logPipe.WaitForExitAsync(s_deadline);

        Assert.True(logPipe.ExitCode == 0, logPipe.StandardError);
        Assert.Equal(Lines, (long)await redis.Database.StringGetAsync($"logpipe:created:file:{AccessLines.Day}:"));
        Assert.False(await redis.Database.KeyExistsAsync($"file:{AccessLines.Day}:(other)"));
        Assert.Equal(1, (long)await redis.Database.StringGetAsync($"file:{AccessLines.Day}:{Path(Lines - 1)}"));
        var stats = await redis.Database.HashGetAllAsync("file:stats");
        Assert.Equal(0, Field(stats, "folded"));
        Assert.Equal(0, Field(stats, "dropped"));
        Assert.Equal(Lines, Field(stats, "hits_flushed"));
    }

    private static string Path(int i) => "/p/" + i.ToString(CultureInfo.InvariantCulture);

    private static long Field(HashEntry[] stats, string name) => (long)stats.Single(entry => entry.Name == name).Value;
}
