using System.Text;
using LogPipe.LogGen;
using LogPipe.Tests.Support;
using static LogPipe.Tests.Support.AccessLines;

namespace LogPipe.Tests.Integration;

/// <summary>The main job end to end: the real binary reads a log on stdin and the counts land in a real redis-server.</summary>
public sealed class RedisCountingTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static readonly TimeSpan s_dayTtl = TimeSpan.FromHours(24);

    [RedisFact]
    public async Task Every_get_of_a_large_generated_log_is_counted_exactly_per_day_and_path()
    {
        var options = new GeneratorOptions { Lines = 120_000, Days = 5, DistinctPaths = 3_000, Seed = 42 };
        var log = AccessLogGenerator.Generate(options, out var expected);

        await using var logPipe = await LogPipeProcess.RunAsync(["--redis", redis.Configuration, "--key-template", "large:{date}:{path}"], log);

        Assert.True(logPipe.ExitCode == 0, logPipe.StandardError);
        CountsAssert.Equal(
            expected.Counts.ToDictionary(c => $"large:{c.Key.Date}:{c.Key.Path}", c => c.Value, StringComparer.Ordinal),
            await redis.ReadCountsAsync("large:*"));

        Assert.True(expected.Counts.Select(c => c.Key.Date).Distinct().Count() >= 5);
    }

    [RedisFact]
    public async Task A_new_key_gets_the_ttl_and_an_existing_ttl_is_not_extended()
    {
        await redis.Database.StringSetAsync("ttl:2026-11-29:/old", 5, TimeSpan.FromSeconds(100));

        await using var logPipe = await LogPipeProcess.RunAsync(
            ["--redis", redis.Configuration, "--key-template", "ttl:{date}:{path}", "--ttl", "2d"],
            Lines(Get("/old"), Get("/old"), Get("/new")));

        Assert.Equal(0, logPipe.ExitCode);
        Assert.Equal(7, (long)await redis.Database.StringGetAsync("ttl:2026-11-29:/old"));
        Assert.InRange((await redis.Database.KeyTimeToLiveAsync("ttl:2026-11-29:/old"))!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(100));
        Assert.Equal(1, (long)await redis.Database.StringGetAsync("ttl:2026-11-29:/new"));
        Assert.InRange((await redis.Database.KeyTimeToLiveAsync("ttl:2026-11-29:/new"))!.Value, TimeSpan.FromDays(2) - TimeSpan.FromMinutes(1), TimeSpan.FromDays(2));
    }

    [RedisFact]
    public async Task A_counter_found_without_ttl_is_given_one()
    {
        await redis.Database.StringSetAsync("nottl:2026-11-29:/a", 1);

        await using var logPipe = await LogPipeProcess.RunAsync(["--redis", redis.Configuration, "--key-template", "nottl:{date}:{path}"], Lines(Get("/a")));

        Assert.Equal(0, logPipe.ExitCode);
        Assert.Equal(2, (long)await redis.Database.StringGetAsync("nottl:2026-11-29:/a"));
        Assert.InRange((await redis.Database.KeyTimeToLiveAsync("nottl:2026-11-29:/a"))!.Value, s_dayTtl - TimeSpan.FromMinutes(1), s_dayTtl);
    }

    [RedisFact]
    public async Task Count_all_counts_every_get_of_a_large_generated_log_under_its_target_exactly()
    {
        var log = GeneratedLog.Create(new GeneratorOptions { Lines = 50_000, Days = 3, DistinctPaths = 2_000, Seed = 7 });

        await using var logPipe = await LogPipeProcess.RunAsync(["--redis", redis.Configuration, "--key-template", "all:{date}:{path}", "--count-all"], log.Bytes);

        Assert.True(logPipe.ExitCode == 0, logPipe.StandardError);
        CountsAssert.Equal(
            log.ExpectedCountAll.Counts.ToDictionary(c => $"all:{c.Key.Date}:{c.Key.Path}", c => c.Value, StringComparer.Ordinal),
            await redis.ReadCountsAsync("all:*"));
        Assert.True(log.ExpectedCountAll.TotalCounted > log.Expected.TotalCounted);
    }

    [RedisFact]
    public async Task The_original_scripts_key_layout_and_rule_are_one_template_and_one_option_away()
    {
        await using var logPipe = await LogPipeProcess.RunAsync(
            ["--redis", redis.Configuration, "--key-template", "orig{date}{path}", "--count-all"],
            Lines(Get("/press/releases/42?ref=home"), Get("/press/releases/42?ref=home")));

        Assert.Equal(0, logPipe.ExitCode);
        Assert.Equal(2, (long)await redis.Database.StringGetAsync("orig2026-11-29/press/releases/42?ref=home"));
    }

    [RedisFact]
    public async Task Counts_pending_at_end_of_input_are_flushed_before_exit()
    {
        await using var logPipe = await LogPipeProcess.RunAsync(
            ["--redis", redis.Configuration, "--key-template", "eof:{date}:{path}", "--flush-interval", "1h"],
            Lines(Get("/a"), Get("/b"), Get("/a")));

        Assert.Equal(0, logPipe.ExitCode);
        Assert.Equal(2, (long)await redis.Database.StringGetAsync("eof:2026-11-29:/a"));
        Assert.Equal(1, (long)await redis.Database.StringGetAsync("eof:2026-11-29:/b"));
    }

    [RedisFact]
    public async Task A_count_is_visible_in_redis_within_a_second_while_input_stays_open()
    {
        await using var logPipe = LogPipeProcess.Start(["--redis", redis.Configuration, "--key-template", "live:{date}:{path}"]);

        // The first line pays for start-up and the Redis connection; the promise is about a running LogPipe.
        await logPipe.WriteAsync(Lines(Get("/warm-up")));
        Assert.True(await Eventually.TrueAsync(async () => (long)await redis.Database.StringGetAsync("live:2026-11-29:/warm-up") == 1, TimeSpan.FromSeconds(20)), logPipe.StandardError);
        // The median of a few lines, so that one scheduling hiccup on a busy machine does not decide.
        var latencies = new List<TimeSpan>();
        for (var i = 0; i < 5; i++)
        {
            var path = $"/live/{i}";
            var written = System.Diagnostics.Stopwatch.StartNew();
            await logPipe.WriteAsync(Lines(Get(path)));
            var visible = await Eventually.TrueAsync(async () => (long)await redis.Database.StringGetAsync($"live:2026-11-29:{path}") == 1, TimeSpan.FromSeconds(5));
            Assert.True(visible, logPipe.StandardError);
            latencies.Add(written.Elapsed);
        }

        latencies.Sort();
        Assert.True(latencies[2] < TimeSpan.FromSeconds(1), $"visible after {string.Join(", ", latencies.Select(l => $"{l.TotalMilliseconds:0} ms"))}");
        Assert.False(logPipe.HasExited);
        await logPipe.CloseInputAsync();
        await logPipe.WaitForExitAsync();
        Assert.Equal(0, logPipe.ExitCode);
    }

    [RedisFact]
    public async Task Counts_reach_a_redis_given_by_its_unix_socket()
    {
        await using var byPath = await LogPipeProcess.RunAsync(["--redis", redis.UnixSocket, "--key-template", "socket:{date}:{path}"], Lines(Get("/s"), Get("/s")));
        await using var byScheme = await LogPipeProcess.RunAsync(["--redis", $"unix:{redis.UnixSocket}", "--key-template", "socket:{date}:{path}"], Lines(Get("/s")));

        Assert.True(byPath.ExitCode == 0, byPath.StandardError);
        Assert.True(byScheme.ExitCode == 0, byScheme.StandardError);
        Assert.Equal(3, (long)await redis.Database.StringGetAsync("socket:2026-11-29:/s"));
    }

    [RedisFact]
    public async Task Counts_reach_the_database_a_redis_url_names()
    {
        await using var logPipe = await LogPipeProcess.RunAsync(["--redis", $"redis://{redis.Configuration}/3", "--key-template", "url:{date}:{path}"], Lines(Get("/u")));

        Assert.True(logPipe.ExitCode == 0, logPipe.StandardError);
        Assert.Equal(1, (long)await redis.Server.Multiplexer.GetDatabase(3).StringGetAsync("url:2026-11-29:/u"));
        Assert.False(await redis.Database.KeyExistsAsync("url:2026-11-29:/u"));
    }

    [RedisFact]
    public async Task Each_virtual_host_of_a_shared_log_counts_apart_with_host_in_the_key()
    {
        var lines = Lines(
            $"www.example.com:443 {Get("/")}",
            $"blog.example.com:443 {Get("/")}",
            $"www.example.com:80 {Get("/")}");

        await using var logPipe = await LogPipeProcess.RunAsync(
            ["--redis", redis.Configuration, "--format", "vhost_combined", "--key-template", "vhost:{host}:{date}:{path}"],
            lines);

        Assert.True(logPipe.ExitCode == 0, logPipe.StandardError);
        Assert.Equal(2, (long)await redis.Database.StringGetAsync("vhost:www.example.com:2026-11-29:/"));
        Assert.Equal(1, (long)await redis.Database.StringGetAsync("vhost:blog.example.com:2026-11-29:/"));
    }

    [RedisFact]
    public async Task Only_the_methods_asked_for_are_counted()
    {
        var lines = Lines(Get("/m"), Request("HEAD", "/m"), Request("POST", "/m"), Request("OPTIONS", "/m"));

        await using var logPipe = await LogPipeProcess.RunAsync(["--redis", redis.Configuration, "--key-template", "methods:{date}:{path}", "--methods", "GET,HEAD"], lines);

        Assert.Equal(0, logPipe.ExitCode);
        Assert.Equal(2, (long)await redis.Database.StringGetAsync("methods:2026-11-29:/m"));
    }

    [RedisFact]
    public async Task The_redis_address_comes_from_LOGPIPE_REDIS_when_the_option_is_absent()
    {
        await using var logPipe = await LogPipeProcess.RunAsync(
            ["--key-template", "env:{date}:{path}"],
            Lines(Get("/env")),
            environment: new Dictionary<string, string?> { ["LOGPIPE_REDIS"] = redis.Configuration });

        Assert.Equal(0, logPipe.ExitCode);
        Assert.Equal(1, (long)await redis.Database.StringGetAsync("env:2026-11-29:/env"));
    }

    [RedisFact]
    public async Task Bad_lines_are_rejected_and_logged_without_stopping_the_count()
    {
        var input = new MemoryStream();
        input.Write(Lines(Get("/ok")));
        input.Write("\xff\xfe binary \x00\x01 garbage\n"u8);
        input.Write(Encoding.ASCII.GetBytes(new string('x', 100_000) + "\n"));
        input.Write(Lines(Get("/ok")));

        await using var logPipe = await LogPipeProcess.RunAsync(["--redis", redis.Configuration, "--key-template", "bad:{date}:{path}"], input.ToArray());

        Assert.Equal(0, logPipe.ExitCode);
        Assert.Equal(2, (long)await redis.Database.StringGetAsync("bad:2026-11-29:/ok"));
        Assert.Contains("malformed line", logPipe.StandardError, StringComparison.Ordinal);
        Assert.Contains("longer than --max-line-length", logPipe.StandardError, StringComparison.Ordinal);
    }
}
