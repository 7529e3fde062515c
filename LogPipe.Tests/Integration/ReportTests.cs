using LogPipe.LogGen;
using LogPipe.Tests.Support;

namespace LogPipe.Tests.Integration;

/// <summary>Every report a run of the real binary writes into a real redis-server, against what the generated log holds.</summary>
public sealed class ReportTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static readonly Lazy<GeneratedLog> s_log = new(() => GeneratedLog.Create(new GeneratorOptions { Lines = 200_000, Days = 3, DistinctPaths = 3_000, Seed = 21 }));

    [RedisFact]
    public async Task Every_report_of_a_generated_log_is_exact_and_visitors_within_two_percent()
    {
        var log = s_log.Value;

        await using var logPipe = await LogPipeProcess.RunAsync(
            ["--redis", redis.Configuration, "--key-prefix", "every:", "--site-host", GeneratedLog.SiteHost, "--keep-days", "3650"],
            log.Bytes);

        Assert.True(logPipe.ExitCode == 0, logPipe.StandardError);
        CountsAssert.Equal(
            log.Expected.Counts.ToDictionary(pair => $"every:hits:{pair.Key.Date}:{pair.Key.Path}", pair => pair.Value, StringComparer.Ordinal),
            await redis.ReadCountsAsync("every:hits:*"));
        await ReportsAssert.EqualAsync(redis.Database, log.ExpectedReports, "every:");
    }

    [RedisFact]
    public async Task Reports_none_writes_the_page_keys_alone()
    {
        var log = s_log.Value;

        await using var logPipe = await LogPipeProcess.RunAsync(
            ["--redis", redis.Configuration, "--key-prefix", "none:", "--reports", "none", "--stats-key", ""],
            log.Bytes);

        Assert.True(logPipe.ExitCode == 0, logPipe.StandardError);
        var keys = new List<string>();
        await foreach (var key in redis.Server.KeysAsync(pattern: "none:*", pageSize: 1000))
        {
            keys.Add(key!);
        }

        Assert.Equal(log.Expected.Counts.Count, keys.Count(key => key.StartsWith("none:hits:", StringComparison.Ordinal)));
        Assert.All(keys, key => Assert.True(key.StartsWith("none:hits:", StringComparison.Ordinal) || key.StartsWith("none:logpipe:", StringComparison.Ordinal), key));
    }
}
