using System.Diagnostics;
using System.Globalization;
using System.Net;
using LogPipe.Tests.Support;
using Xunit.Abstractions;

namespace LogPipe.Tests.EndToEnd;

/// <summary>
/// LogPipe as Apache runs it: a real httpd with LogPipe as a piped log, real traffic, graceful restarts and stops.
/// The oracle is Apache's own file log, written next to the pipe: Redis must hold exactly its GETs, per day and target,
/// and no LogPipe process, of any generation, may outlive the server.
/// </summary>
public sealed class ApacheTests(RedisServer redis, ITestOutputHelper output) : IClassFixture<RedisServer>
{
    private const int Concurrency = 4;

    // Every test ends within this, whatever hangs: a piped logger that never exits would otherwise hold the run forever.
    private static readonly TimeSpan s_testDeadline = TimeSpan.FromSeconds(75);

    // LogPipe reads to end of input and flushes once httpd is gone, within its 5 s shutdown timeout and 1 s for the
    // last stats; a loaded machine gets as much again. More than this is a leak.
    private static readonly TimeSpan s_logPipeExitGrace = TimeSpan.FromSeconds(15);

    private static readonly TimeSpan s_progressTimeout = TimeSpan.FromSeconds(30);

    [ApacheFact]
    public Task Event_graceful_restart_under_traffic_with_a_slow_download_in_flight_then_graceful_stop_counts_every_get_exactly() =>
        RunAsync(ApacheMpm.Event, "event-graceful", (apache, cancel) => GracefulRestartUnderTrafficThenGracefulStopAsync(apache, requests: 3_000, cancel));

    [ApacheFact]
    public Task Event_stop_after_traffic_counts_every_get_exactly_and_leaves_no_logpipe_behind() =>
        RunAsync(ApacheMpm.Event, "event-stop", async (apache, cancel) =>
        {
            var traffic = new HttpTraffic(apache.BaseAddress, Concurrency);
            var report = await traffic.RunAsync(2_500, cancel);
            output.WriteLine($"Traffic: {report}");

            // A response reaches the client just before its child writes the log line: let the children catch up, so
            // that -k stop has nothing in flight.
            Assert.True(
                await Eventually.TrueAsync(() => apache.AccessLogLineCount() >= report.Responses, s_progressTimeout),
                $"the access log holds {apache.AccessLogLineCount()} lines for {report.Responses} responses");

            var clock = Stopwatch.StartNew();
            await apache.StopAsync(cancel);
            output.WriteLine($"-k stop: httpd gone after {Seconds(clock.Elapsed)}");

            await AssertEveryGetCountedExactlyAsync(apache, report);
        });

    [ApacheFact]
    public Task Prefork_graceful_restart_under_traffic_then_graceful_stop_counts_every_get_exactly() =>
        RunAsync(ApacheMpm.Prefork, "prefork-graceful", (apache, cancel) => GracefulRestartUnderTrafficThenGracefulStopAsync(apache, requests: 2_500, cancel));

    [ApacheFact(NeedsNativeBinary = true)]
    public Task Prefork_a_graceful_restart_while_the_new_logpipe_is_still_starting_loses_no_counts() =>
        RunAsync(ApacheMpm.Prefork, "prefork-quick-graceful", async (apache, cancel) =>
        {
            // Two restarts in quick succession (a deploy script, logrotate and certbot hooks): the second one's SIGTERM
            // reaches the LogPipe the first one started while .NET is still starting it, after prefork's new children
            // have already written into its pipe. Without keep-alive every request after a restart goes to a new child.
            var traffic = new HttpTraffic(apache.BaseAddress, Concurrency, keepAlive: false);
            var flowing = traffic.RunAsync(2_000, cancel);
            Assert.True(await Eventually.TrueAsync(() => traffic.Completed >= 400 || flowing.IsCompleted, s_progressTimeout), "traffic did not get going");

            // A worker exists only once its supervisor handles SIGTERM: the first generation is out of the window.
            Assert.True(await Eventually.TrueAsync(() => apache.LogPipes.Any(p => p.IsWorker), s_progressTimeout), "the first LogPipe worker did not start");
            var firstGeneration = apache.LogPipes.Select(p => p.Id).ToHashSet();
            bool IsYoungSupervisor(ObservedLogPipe p) => p.ParentId == apache.ParentId && !firstGeneration.Contains(p.Id);

            await apache.SendGracefulAsync(cancel);
            Assert.True(
                await Eventually.TrueAsync(() => apache.LogPipes.Any(IsYoungSupervisor), s_progressTimeout),
                "the restart started no new LogPipe");
            var young = apache.LogPipes.Single(IsYoungSupervisor);
            var servedBefore = traffic.Completed;
            Assert.True(await Eventually.TrueAsync(() => traffic.Completed >= servedBefore + 20, s_progressTimeout), "the second generation served nothing");
            var sent = apache.Elapsed;
            await apache.GracefulAsync(cancel);
            output.WriteLine($"Second -k graceful sent {Seconds(sent - young.FirstSeen)} after LogPipe {young.Id} of the second generation was first seen, {traffic.Completed - servedBefore} requests later");

            var report = await flowing;
            output.WriteLine($"Traffic: {report}");
            await apache.GracefulStopAsync(cancel);

            await AssertEveryGetCountedExactlyAsync(apache, report);
        });

    [ApacheFact]
    public Task Event_virtual_hosts_sharing_one_piped_log_count_apart_with_the_host_in_the_key() =>
        RunAsync(ApacheMpm.Event, "event-vhosts", ["www.example.test", "blog.example.test"], async (apache, cancel) =>
        {
            // A name no virtual host has goes to the first one, and is logged and counted under its name.
            var traffic = new HttpTraffic(apache.BaseAddress, Concurrency, hosts: ["www.example.test", "blog.example.test", "unknown.example.test"]);
            var report = await traffic.RunAsync(1_500, cancel);
            output.WriteLine($"Traffic: {report}");
            Assert.True(
                await Eventually.TrueAsync(() => apache.AccessLogLineCount() >= report.Responses, s_progressTimeout),
                $"the access log holds {apache.AccessLogLineCount()} lines for {report.Responses} responses");

            await apache.GracefulStopAsync(cancel);

            await AssertEveryGetCountedExactlyAsync(apache, report);
            var hosts = (await redis.ReadCountsAsync($"{apache.KeyPrefix}:*")).Keys.Select(key => key.Split(':')[1]).Distinct().Order(StringComparer.Ordinal);
            Assert.Equal(["blog.example.test", "www.example.test"], hosts);
        });

    [ApacheFact]
    public Task Event_a_page_referred_by_another_site_and_a_campaign_link_show_in_the_referrers_and_campaigns_reports() =>
        RunAsync(ApacheMpm.Event, "event-reports", async (apache, cancel) =>
        {
            using var client = new HttpClient { BaseAddress = apache.BaseAddress };
            client.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", HttpTraffic.BrowserAgent);
            async Task GetAsync(string target, string? referer)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, target);
                if (referer is not null)
                {
                    request.Headers.Referrer = new Uri(referer);
                }

                using var response = await client.SendAsync(request, cancel);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }

            await GetAsync("/about.html", "https://News.Example.org/story/1");
            await GetAsync("/about.html", "https://news.example.org/story/2");
            await GetAsync("/index.html?utm_source=newsletter&utm_medium=email&utm_campaign=winter+launch", null);
            await GetAsync("/docs/guide.html", new Uri(apache.BaseAddress, "/index.html").ToString());
            await apache.GracefulStopAsync(cancel);

            // The day Apache wrote in its own log: [06/Dec/2026:...
            var logged = apache.AccessLogLines()[0];
            var day = DateOnly.ParseExact(logged[(logged.IndexOf('[', StringComparison.Ordinal) + 1)..][..11], "dd/MMM/yyyy", CultureInfo.InvariantCulture).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var prefix = ReportPrefix(apache);
            Assert.Equal(4, (long)await redis.Database.StringGetAsync($"{prefix}views:{day}"));
            Assert.Equal(
                [new("news.example.org", 2)],
                await redis.Database.SortedSetRangeByRankWithScoresAsync($"{prefix}referrers:{day}"));
            Assert.Equal(
                [new("newsletter/email/winter launch", 1)],
                await redis.Database.SortedSetRangeByRankWithScoresAsync($"{prefix}campaigns:{day}"));
        }, logPipeOptions: "--site-host 127.0.0.1 --key-prefix {0}");

    private static string ReportPrefix(ApacheServer apache) => $"{apache.KeyPrefix}/";

    private static string Seconds(TimeSpan duration) => duration.TotalSeconds.ToString("0.00 s", CultureInfo.InvariantCulture);

    /// <summary>
    /// Traffic flows; a download at 64 KiB/s starts; once its headers arrive, -k graceful. The old children finish
    /// (the download for about eight more seconds) into the old LogPipe while the new generation serves the rest of the
    /// traffic into a new one. When all is done, -k graceful-stop.
    /// </summary>
    private async Task GracefulRestartUnderTrafficThenGracefulStopAsync(ApacheServer apache, int requests, CancellationToken cancel)
    {
        var traffic = new HttpTraffic(apache.BaseAddress, Concurrency);
        var flowing = traffic.RunAsync(requests, cancel);
        Assert.True(await Eventually.TrueAsync(() => traffic.Completed >= requests / 4 || flowing.IsCompleted, s_progressTimeout), "traffic did not get going");
        Assert.True(await Eventually.TrueAsync(() => apache.LogPipes.Any(p => p.IsWorker), s_progressTimeout), "the first LogPipe worker did not start");
        var firstGeneration = apache.LogPipes;

        var slowClock = Stopwatch.StartNew();
        HttpStatusCode slowStatus;
        byte[] slowBody;
        using (var slowClient = new HttpClient { BaseAddress = apache.BaseAddress, Timeout = TimeSpan.FromSeconds(60) })
        {
            // A browser's download: a request without a user agent is a tool's, which is no page view.
            slowClient.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", HttpTraffic.BrowserAgent);
            using var slow = await slowClient.GetAsync(ApacheServer.SlowLargeFilePath, HttpCompletionOption.ResponseHeadersRead, cancel);
            var reading = slow.Content.ReadAsByteArrayAsync(cancel);

            var gracefulClock = Stopwatch.StartNew();
            var before = traffic.Completed;
            await apache.GracefulAsync(cancel);
            var after = traffic.Completed;
            output.WriteLine($"-k graceful: new generation serving after {Seconds(gracefulClock.Elapsed)}, {before} requests done before it and {after} after it");
            Assert.False(reading.IsCompleted, "the slow download must still be in flight when the new generation serves");
            Assert.True(after < requests, "traffic must still flow when the new generation serves");

            slowStatus = slow.StatusCode;
            slowBody = await reading;
        }

        output.WriteLine($"Slow download: {(int)slowStatus}, {slowBody.Length} bytes in {Seconds(slowClock.Elapsed)}, done at {Seconds(apache.Elapsed)}");
        Assert.Equal(HttpStatusCode.OK, slowStatus);
        Assert.Equal(ApacheServer.LargeFileLength, slowBody.Length);
        var report = await flowing;
        output.WriteLine($"Traffic: {report}, done at {Seconds(apache.Elapsed)}");

        // Its clients gone, the old generation's last child exits, its pipe reaches end of input, and its LogPipe, told by
        // SIGTERM at the restart to finish, exits: while the server still runs.
        var oldIds = firstGeneration.Select(p => p.Id).ToHashSet();
        var oldGone = await Eventually.TrueAsync(() => apache.LogPipes.Where(p => oldIds.Contains(p.Id)).All(p => p.GoneAt is not null), s_progressTimeout);
        output.WriteLine($"First generation's LogPipe: {string.Join("; ", apache.LogPipes.Where(p => oldIds.Contains(p.Id)))}");
        Assert.True(oldGone, "the first generation's LogPipe must exit once its children are done, before the server stops");

        var stopClock = Stopwatch.StartNew();
        await apache.GracefulStopAsync(cancel);
        output.WriteLine($"-k graceful-stop: httpd gone after {Seconds(stopClock.Elapsed)}");

        await AssertEveryGetCountedExactlyAsync(apache, report);
        var slowKeys = (await redis.ReadCountsAsync($"{apache.KeyPrefix}:*")).Where(c => c.Key.EndsWith(":" + ApacheServer.SlowLargeFilePath, StringComparison.Ordinal));
        Assert.Equal(1, Assert.Single(slowKeys).Value);
    }

    private async Task AssertEveryGetCountedExactlyAsync(ApacheServer apache, TrafficReport report)
    {
        // Apache's own log settles the counts: a request the client saw fail may still have been served and logged.
        Assert.True(report.Failures <= report.Sent / 20, $"too many requests failed for the test to mean much: {report}");

        var alive = await apache.LogPipesAliveAfterAsync(s_logPipeExitGrace);
        var logPipes = apache.LogPipes;
        var lastExit = logPipes.Max(p => p.GoneAt) - apache.ParentGoneAt;
        output.WriteLine($"LogPipe processes seen: {logPipes.Count(p => !p.IsWorker)} supervisors, {logPipes.Count(p => p.IsWorker)} workers over {apache.Generations} generations; last exited {(lastExit is { } last ? Seconds(last) : "never")} after httpd");
        foreach (var logPipe in logPipes)
        {
            output.WriteLine($"  {logPipe}");
        }

        foreach (var summary in apache.LogPipeLogLines().Where(l => l.Contains("Summary (exit)", StringComparison.Ordinal)))
        {
            output.WriteLine($"  {summary}");
        }

        var lines = apache.AccessLogLines();
        var expected = AccessLogOracle.ExpectedCounts(lines, apache.KeyPrefix, withHost: apache.VirtualHosts is not null);
        output.WriteLine($"Access log: {lines.Count} lines ({string.Join(", ", AccessLogOracle.LinesByMethod(lines).OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => $"{m.Value} {m.Key}"))}), {expected.Count} keys, {expected.Values.Sum()} GETs");

        var actual = await redis.ReadCountsAsync($"{apache.KeyPrefix}:*");
        CountsAssert.Equal(expected, actual);

        foreach (var key in actual.Keys)
        {
            var ttl = await redis.Database.KeyTimeToLiveAsync(key);
            Assert.True(ttl > TimeSpan.Zero, $"{key} has no TTL");
        }

        Assert.True(alive.Count == 0, $"LogPipe processes outlived httpd by more than {s_logPipeExitGrace}: {string.Join("; ", alive)}");

        // One supervisor per generation: Apache starts another only when one dies unexpectedly. Workers may be more: a
        // worker that gets SIGTERM before it handles signals is restarted, draining, on the same input (nothing lost).
        Assert.Equal(apache.Generations, logPipes.Count(p => !p.IsWorker));
    }

    private Task RunAsync(ApacheMpm mpm, string name, Func<ApacheServer, CancellationToken, Task> scenario, string logPipeOptions = "") =>
        RunAsync(mpm, name, virtualHosts: null, scenario, logPipeOptions);

    // logPipeOptions may hold {0}: the reports' own prefix, ReportPrefix.
    private async Task RunAsync(ApacheMpm mpm, string name, IReadOnlyList<string>? virtualHosts, Func<ApacheServer, CancellationToken, Task> scenario, string logPipeOptions = "")
    {
        var clock = Stopwatch.StartNew();
        using var deadline = new CancellationTokenSource(s_testDeadline);
        var prefix = $"apache-{name}-{Guid.NewGuid():N}"[..^24];
        var options = string.Format(CultureInfo.InvariantCulture, logPipeOptions, prefix + "/");
        await using var apache = await ApacheServer.StartAsync(mpm, redis.Configuration, prefix, deadline.Token, virtualHosts, options);
        output.WriteLine($"httpd ({mpm}) {apache.ParentId} serving on port {apache.Port} after {Seconds(clock.Elapsed)}; keys under {prefix}:");
        try
        {
            await scenario(apache, deadline.Token).WaitAsync(s_testDeadline - clock.Elapsed);
        }
        catch
        {
            output.WriteLine(apache.Diagnostics());
            throw;
        }
        finally
        {
            output.WriteLine($"Test took {Seconds(clock.Elapsed)}");
        }
    }
}
