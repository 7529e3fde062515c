using System.Globalization;
using LogPipe.Tests.Support;

namespace LogPipe.Tests.EndToEnd;

/// <summary>
/// <c>logpipe top</c> in a real terminal: tmux at a fixed size, the real binary, a real redis-server holding known
/// report keys. The screen is read back with capture-pane; the terminal's state (alternate screen, cursor) with tmux's formats.
/// </summary>
public sealed class TopTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static readonly TimeSpan s_screenTimeout = TimeSpan.FromSeconds(15);

    [TmuxFact]
    public async Task An_80x24_terminal_shows_the_days_figures_and_lists_and_q_restores_the_terminal()
    {
        await ReportData.WriteFirstDayAsync(redis.Database, "top-80:");
        var visitors = await ReportData.VisitorsAsync(redis.Database, "top-80:", ReportData.FirstDay);
        await using var tmux = await StartAsync(80, 24, "top-80:", "--date", "2026-12-05");

        var screen = await ScreenWithAsync(tmux, "Views 1,000");

        var lines = screen.Split('\n');
        Assert.StartsWith(" logpipe top   2026-12-05 Saturday   ", lines[0], StringComparison.Ordinal);
        Assert.EndsWith(redis.Configuration, lines[0].TrimEnd(), StringComparison.Ordinal);
        Assert.Equal($"Views 1,000   Visitors {visitors.ToString("N0", CultureInfo.InvariantCulture)}   Peak minute 23:59 9   Crawler share 20.0%", lines[1].TrimEnd());
        Assert.Equal("Requests 1,642   2xx 1,500 91.4%   3xx 100 6.1%   4xx 40 2.4%   5xx 2 0.1%", lines[2].TrimEnd());
        Assert.StartsWith("Views per minute, 23:00 to 23:59", lines[4], StringComparison.Ordinal);
        Assert.Contains("[Pages]", lines[10], StringComparison.Ordinal);
        Assert.EndsWith("4 of 4", lines[10].TrimEnd(), StringComparison.Ordinal);
        Assert.Equal(["        400   40.0%  /", "        250   25.0%  /articles/42", "        100   10.0%  /about", "          5    0.5%  (other)"], lines[12..16].Select(line => line.TrimEnd()));
        Assert.Equal("1", await tmux.PaneAsync("#{alternate_on}"));
        Assert.Equal("0", await tmux.PaneAsync("#{cursor_flag}"));

        await tmux.SendKeysAsync("Tab");
        screen = await ScreenWithAsync(tmux, "[Referrers]");
        Assert.Contains("\n        120   12.0%  www.google.com\n", screen, StringComparison.Ordinal);
        await tmux.SendKeysAsync("Tab", "Tab");
        screen = await ScreenWithAsync(tmux, "[Crawlers]");
        Assert.Contains("\n        200   80.0%  Googlebot\n", screen, StringComparison.Ordinal);

        await tmux.SendKeysAsync("q");

        Assert.Equal(0, await tmux.ExitStatusAsync(s_screenTimeout));
        await AssertRestoredAsync(tmux);
    }

    [TmuxFact]
    public async Task D_steps_a_day_back_and_shift_d_forward_again()
    {
        await ReportData.WriteFirstDayAsync(redis.Database, "top-days:");
        await ReportData.WriteSecondDayAsync(redis.Database, "top-days:");
        await using var tmux = await StartAsync(80, 24, "top-days:", "--date", "2026-12-06");
        await ScreenWithAsync(tmux, "Views 500 ");

        await tmux.SendKeysAsync("d");
        var back = await ScreenWithAsync(tmux, "Views 1,000 ");
        await tmux.SendKeysAsync("D");
        var forward = await ScreenWithAsync(tmux, "Views 500 ");

        Assert.Contains("2026-12-05 Saturday", back, StringComparison.Ordinal);
        Assert.Contains("2026-12-06 Sunday", forward, StringComparison.Ordinal);
        await tmux.SendKeysAsync("q");
        Assert.Equal(0, await tmux.ExitStatusAsync(s_screenTimeout));
    }

    [TmuxFact]
    public async Task A_larger_terminal_gets_a_longer_list_and_the_whole_width()
    {
        var day = ReportData.Day(ReportData.FirstDay);
        await redis.Database.SortedSetAddAsync($"top-large:pages:{day}", [.. Enumerable.Range(1, 40).Select(i => new StackExchange.Redis.SortedSetEntry($"/page/{i}", 1000 - i))]);
        await redis.Database.StringIncrementAsync($"top-large:views:{day}", 5000);
        await using var tmux = await StartAsync(140, 45, "top-large:", "--date", day);

        var screen = await ScreenWithAsync(tmux, "Views 5,000");

        var lines = screen.Split('\n');
        Assert.Equal(45, lines.Length);
        // The title's right part (the Redis) ends one column from the right edge.
        Assert.Equal(139, lines[0].TrimEnd().Length);
        Assert.EndsWith(redis.Configuration, lines[0].TrimEnd(), StringComparison.Ordinal);
        Assert.Contains("/page/27", screen, StringComparison.Ordinal);
        Assert.DoesNotContain("/page/28", screen, StringComparison.Ordinal);
        await tmux.SendKeysAsync("q");
        Assert.Equal(0, await tmux.ExitStatusAsync(s_screenTimeout));
    }

    [TmuxFact]
    public async Task The_screen_shows_new_counts_within_two_seconds()
    {
        // Today, as top shows by default: the keys of the local day.
        var today = DateOnly.FromDateTime(DateTime.Now);
        await ReportData.WriteFirstDayAsync(redis.Database, "top-live:", today);
        await using var tmux = await StartAsync(80, 24, "top-live:");
        var before = await ScreenWithAsync(tmux, "Views 1,000 ");
        Assert.Contains("(today)", before, StringComparison.Ordinal);

        var day = ReportData.Day(today);
        await redis.Database.StringIncrementAsync($"top-live:views:{day}", 234);
        await redis.Database.SortedSetIncrementAsync($"top-live:pages:{day}", "/fresh", 600);
        var (met, after) = await tmux.WaitForScreenAsync(s => s.Contains("Views 1,234 ", StringComparison.Ordinal) && s.Contains("/fresh", StringComparison.Ordinal), TimeSpan.FromSeconds(2));

        Assert.True(met, after);
        await tmux.SendKeysAsync("q");
        Assert.Equal(0, await tmux.ExitStatusAsync(s_screenTimeout));
    }

    [TmuxFact]
    public async Task Lines_fed_through_a_running_logpipe_show_on_the_screen_within_two_seconds()
    {
        // The daemon writes the reports; top reads them back from Redis, not from the log.
        await using var logPipe = LogPipeProcess.Start(["--redis", redis.Configuration, "--key-prefix", "top-fed:"]);
        await logPipe.WriteAsync(AccessLines.Lines(120, "/first"));
        await using var tmux = await StartAsync(80, 24, "top-fed:", "--date", AccessLines.Day);
        await ScreenWithAsync(tmux, "Views 120 ");

        await logPipe.WriteAsync(AccessLines.Lines(Enumerable.Repeat(AccessLines.Get("/second"), 80)));
        var (met, after) = await tmux.WaitForScreenAsync(s => s.Contains("Views 200 ", StringComparison.Ordinal) && s.Contains("/second", StringComparison.Ordinal), TimeSpan.FromSeconds(2));

        Assert.True(met, $"{after}\n{logPipe.StandardError}");
        Assert.Contains("     80   40.0%  /second\n", after, StringComparison.Ordinal);
        await tmux.SendKeysAsync("q");
        Assert.Equal(0, await tmux.ExitStatusAsync(s_screenTimeout));
        await logPipe.CloseInputAsync();
        await logPipe.WaitForExitAsync();
        Assert.Equal(0, logPipe.ExitCode);
    }

    [TmuxFact]
    public async Task Redis_unreachable_is_said_on_the_screen_and_retried_until_it_answers()
    {
        await using var later = new RedisServer();
        await using var tmux = await TmuxSession.StartAsync(80, 24, [LogPipeProcess.Executable, "top", "--redis", later.Configuration, "--key-prefix", "top-later:", "--date", "2026-12-05"]);

        var screen = await ScreenWithAsync(tmux, $"! Redis at {later.Configuration} unreachable: ");
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Contains("unreachable: ", await tmux.ScreenAsync(), StringComparison.Ordinal);
        Assert.Null(await ExitedAsync(tmux));

        await later.InitializeAsync();
        await ReportData.WriteFirstDayAsync(later.Database, "top-later:");
        screen = await ScreenWithAsync(tmux, "Views 1,000 ");

        Assert.DoesNotContain("unreachable", screen, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", screen, StringComparison.Ordinal);
        await tmux.SendKeysAsync("q");
        Assert.Equal(0, await tmux.ExitStatusAsync(s_screenTimeout));
    }

    [TmuxFact]
    public async Task Sigterm_ends_it_and_restores_the_terminal()
    {
        await using var tmux = await StartAsync(80, 24, "top-term:", "--date", "2026-12-05");
        await ScreenWithAsync(tmux, "Views 0 ");
        Assert.Equal("1", await tmux.PaneAsync("#{alternate_on}"));
        var top = await tmux.CommandProcessAsync();
        Assert.NotNull(top);

        PosixSignals.Send(top.Value, PosixSignalNumber.Terminate);

        Assert.Equal(0, await tmux.ExitStatusAsync(s_screenTimeout));
        await AssertRestoredAsync(tmux);
    }

    [TmuxFact]
    public async Task Ctrl_c_ends_it_and_restores_the_terminal()
    {
        await using var tmux = await StartAsync(80, 24, "top-int:", "--date", "2026-12-05");
        await ScreenWithAsync(tmux, "Views 0 ");

        await tmux.SendKeysAsync("C-c");

        Assert.Equal(0, await tmux.ExitStatusAsync(s_screenTimeout));
        await AssertRestoredAsync(tmux);
    }

    [TmuxFact]
    public async Task A_terminal_that_hangs_up_ends_it()
    {
        var tmux = await StartAsync(80, 24, "top-hup:", "--date", "2026-12-05");
        int? top;
        try
        {
            await ScreenWithAsync(tmux, "Views 0 ");
            top = await tmux.CommandProcessAsync();
            Assert.NotNull(top);
        }
        finally
        {
            // Closing the terminal: tmux sends SIGHUP to what runs in it, as sshd does when a connection drops.
            await tmux.DisposeAsync();
        }

        Assert.True(await Eventually.TrueAsync(() => !ProcessTree.IsAlive(top.Value), s_screenTimeout), "top outlived its terminal");
    }

    [TmuxFact]
    public async Task A_resized_terminal_is_drawn_at_its_new_size()
    {
        await using var tmux = await StartAsync(80, 24, "top-resize:", "--date", "2026-12-05");
        var before = await ScreenWithAsync(tmux, "Views 0 ");
        Assert.Equal(79, before.Split('\n')[0].TrimEnd().Length);

        await tmux.ResizeAsync(120, 30);

        var (met, after) = await tmux.WaitForScreenAsync(s => s.Split('\n')[0].TrimEnd().Length == 119, TimeSpan.FromSeconds(2));
        Assert.True(met, after);
        Assert.Equal(30, after.Split('\n').Length);
    }

    [RedisFact]
    public async Task Without_a_terminal_it_prints_one_snapshot_and_exits_0()
    {
        await ReportData.WriteFirstDayAsync(redis.Database, "top-pipe:");

        await using var logPipe = await LogPipeProcess.RunAsync(["top", "--redis", redis.Configuration, "--key-prefix", "top-pipe:", "--date", "2026-12-05"], [], TimeSpan.FromSeconds(30));

        Assert.Equal(0, logPipe.ExitCode);
        var lines = logPipe.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith(" logpipe top   2026-12-05 Saturday", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("Views 1,000   Visitors ", lines[1], StringComparison.Ordinal);
        Assert.Contains(lines, line => line.EndsWith("400   40.0%  /", StringComparison.Ordinal));
        Assert.DoesNotContain('\u001b', logPipe.StandardOutput);
        Assert.DoesNotContain("q quit", logPipe.StandardOutput, StringComparison.Ordinal);
        Assert.Empty(logPipe.StandardError);
    }

    [Fact]
    public async Task Without_a_terminal_and_without_redis_it_says_so_in_one_line_and_exits_69()
    {
        await using var logPipe = await LogPipeProcess.RunAsync(["top", "--redis", $"127.0.0.1:{FreePort.Next()}"], [], TimeSpan.FromSeconds(30));

        Assert.Equal(69, logPipe.ExitCode);
        var line = Assert.Single(logPipe.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("logpipe: Redis at 127.0.0.1:", line, StringComparison.Ordinal);
        Assert.DoesNotContain("retrying", line, StringComparison.Ordinal);
        Assert.Empty(logPipe.StandardOutput);
    }

    [Theory]
    [InlineData("--date 2026-13-01", "--date: '2026-13-01' is not a day")]
    [InlineData("--host", "--host")]
    [InlineData("--top 5", "'--top'")]
    public async Task A_bad_option_is_one_line_and_exit_64(string arguments, string mentioned)
    {
        await using var logPipe = await LogPipeProcess.RunAsync(["top", .. arguments.Split(' ')], [], TimeSpan.FromSeconds(30));

        Assert.Equal(64, logPipe.ExitCode);
        var line = Assert.Single(logPipe.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("logpipe: ", line, StringComparison.Ordinal);
        Assert.Contains(mentioned, line, StringComparison.Ordinal);
        Assert.EndsWith("(see logpipe top --help)", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_teaches_the_keys_with_examples()
    {
        await using var logPipe = await LogPipeProcess.RunAsync(["top", "--help"], [], TimeSpan.FromSeconds(30));

        Assert.Equal(0, logPipe.ExitCode);
        Assert.Contains("Keys: q quits", logPipe.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("logpipe top --redis 10.0.0.5:6379 --host example.com", logPipe.StandardOutput, StringComparison.Ordinal);
    }

    private Task<TmuxSession> StartAsync(int width, int height, string prefix, params string[] arguments) =>
        TmuxSession.StartAsync(width, height, [LogPipeProcess.Executable, "top", "--redis", redis.Configuration, "--key-prefix", prefix, .. arguments]);

    private static async Task<string> ScreenWithAsync(TmuxSession tmux, string text)
    {
        var (met, screen) = await tmux.WaitForScreenAsync(s => s.Contains(text, StringComparison.Ordinal), s_screenTimeout);
        Assert.True(met, $"'{text}' never showed; the screen:\n{screen}");
        return screen;
    }

    private static async Task<int?> ExitedAsync(TmuxSession tmux) =>
        (await tmux.ScreenAsync()).Contains(TmuxSession.ExitMarker, StringComparison.Ordinal) ? await tmux.ExitStatusAsync(TimeSpan.Zero) : null;

    // The shell's screen is back (the alternate screen was left), the cursor shows, and nothing of top is left on it.
    private static async Task AssertRestoredAsync(TmuxSession tmux)
    {
        Assert.Equal("0", await tmux.PaneAsync("#{alternate_on}"));
        Assert.Equal("1", await tmux.PaneAsync("#{cursor_flag}"));
        var screen = await tmux.ScreenAsync();
        Assert.DoesNotContain("logpipe top", screen, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", screen, StringComparison.Ordinal);
    }
}
