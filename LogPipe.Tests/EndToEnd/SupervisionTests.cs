using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using LogPipe.Tests.Support;
using static LogPipe.Tests.Support.AccessLines;

namespace LogPipe.Tests.EndToEnd;

/// <summary>The process model with real processes and a real redis-server: restarts, signals and exits lose nothing.</summary>
public sealed partial class SupervisionTests(RedisServer redis) : IClassFixture<RedisServer>
{
    // Enough restarts for the delays to double four times, and few enough to come in a few seconds.
    private const int CrashLoopRestarts = 6;

    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(30);

    [RedisFact]
    public async Task At_end_of_input_supervisor_and_worker_exit_0_with_every_count_flushed()
    {
        await using var logPipe = LogPipeProcess.Start(Arguments("eof"));
        await logPipe.WriteAsync(Lines(500, "/page"));
        var worker = await WorkerOfAsync(logPipe);

        await logPipe.CloseInputAsync();
        await logPipe.WaitForExitAsync(s_deadline);

        Assert.Equal(0, logPipe.ExitCode);
        Assert.False(ProcessTree.IsAlive(worker));
        Assert.Equal(500, await CountAsync("eof", "/page"));
    }

    [RedisFact]
    public async Task A_killed_worker_is_replaced_and_every_line_written_after_the_kill_is_counted()
    {
        await using var logPipe = LogPipeProcess.Start(Arguments("kill-worker"));
        await logPipe.WriteAsync(Lines(1_000, "/before"));
        Assert.True(await Eventually.TrueAsync(async () => await CountAsync("kill-worker", "/before") == 1_000, s_deadline), logPipe.StandardError);
        var first = await WorkerOfAsync(logPipe);

        PosixSignals.Send(first, PosixSignalNumber.Kill);

        // Written while no worker runs, they wait in the pipe for the next one; but a reader that SIGKILL wakes from
        // read() may still take one chunk before it dies, so these are only bounded: read by the dead worker, or counted.
        await logPipe.WriteAsync(Lines(500, "/between"));
        var second = await WorkerOfAsync(logPipe, except: first);
        await logPipe.WriteAsync(Lines(2_000, "/after"));
        await logPipe.CloseInputAsync();
        await logPipe.WaitForExitAsync(s_deadline);

        Assert.True(logPipe.ExitCode == 0, logPipe.StandardError);
        Assert.NotEqual(first, second);
        Assert.Equal(1_000, await CountAsync("kill-worker", "/before"));
        Assert.InRange(await CountAsync("kill-worker", "/between"), 0, 500);
        Assert.True(await CountAsync("kill-worker", "/after") == 2_000, logPipe.StandardError);
        Assert.Contains("killed by signal 9", logPipe.StandardError, StringComparison.Ordinal);
    }

    [RedisFact]
    public async Task Sigterm_to_the_supervisor_means_finish_lines_written_after_it_are_still_counted()
    {
        await using var logPipe = LogPipeProcess.Start(Arguments("term-supervisor"));
        await logPipe.WriteAsync(Lines(100, "/before"));
        // Counted, so the worker is past its start-up (see Sigterm_to_the_worker_alone_also_means_finish).
        Assert.True(await Eventually.TrueAsync(async () => await CountAsync("term-supervisor", "/before") == 100, s_deadline), logPipe.StandardError);
        var worker = await WorkerOfAsync(logPipe);

        logPipe.Signal(PosixSignalNumber.Terminate);
        // The worker's own line says it took the forwarded signal as "finish"; a worker it killed would write none, and
        // its successor would count the lines below too.
        Assert.True(await WorkerTookSigtermAsync(logPipe), logPipe.StandardError);
        Assert.True(ProcessTree.IsAlive(worker), logPipe.StandardError);
        await logPipe.WriteAsync(Lines(300, "/after"));
        Assert.False(logPipe.HasExited);
        await logPipe.CloseInputAsync();
        await logPipe.WaitForExitAsync(s_deadline);

        Assert.Equal(0, logPipe.ExitCode);
        Assert.False(ProcessTree.IsAlive(worker));
        Assert.DoesNotContain("starting a new one", logPipe.StandardError, StringComparison.Ordinal);
        Assert.Equal(300, await CountAsync("term-supervisor", "/after"));
    }

    [RedisFact]
    public async Task Sigterm_to_the_worker_alone_also_means_finish()
    {
        await using var logPipe = LogPipeProcess.Start(Arguments("term-worker"));
        await logPipe.WriteAsync(Lines(100, "/before"));
        // Counted, so the worker is past its start-up: a signal in its first milliseconds, before the runtime runs
        // Main, has its default effect (the supervisor then starts a new worker, and no line is lost).
        Assert.True(await Eventually.TrueAsync(async () => await CountAsync("term-worker", "/before") == 100, s_deadline), logPipe.StandardError);
        var worker = await WorkerOfAsync(logPipe);

        // SIGHUP first: once the worker has logged the SIGTERM sent after it, the SIGHUP has been delivered too.
        PosixSignals.Send(worker, PosixSignalNumber.Hangup);
        PosixSignals.Send(worker, PosixSignalNumber.Terminate);
        // A worker killed by either signal would write no such line, and its successor would count the lines below too.
        Assert.True(await WorkerTookSigtermAsync(logPipe), logPipe.StandardError);
        Assert.True(ProcessTree.IsAlive(worker), logPipe.StandardError);
        await logPipe.WriteAsync(Lines(300, "/after"));
        await logPipe.CloseInputAsync();
        await logPipe.WaitForExitAsync(s_deadline);

        Assert.Equal(0, logPipe.ExitCode);
        Assert.DoesNotContain("starting a new one", logPipe.StandardError, StringComparison.Ordinal);
        Assert.Equal(300, await CountAsync("term-worker", "/after"));
    }

    [RedisFact]
    public async Task A_worker_whose_supervisor_is_killed_flushes_and_exits_promptly()
    {
        // No flush before the exit: what reaches Redis, the exit's flush sent.
        await using var logPipe = LogPipeProcess.Start([.. Arguments("kill-supervisor"), "--flush-interval", "1h"]);
        await logPipe.WriteAsync(Lines(200, "/page"));
        var worker = await WorkerOfAsync(logPipe);
        Assert.True(await Eventually.TrueAsync(() => KernelPipe.Unread(logPipe.Input) == 0, s_deadline), "the worker did not read its input");
        await logPipe.WriteAsync(Lines(50, "/late"));

        var clock = Stopwatch.StartNew();
        logPipe.Signal(PosixSignalNumber.Kill);

        // Its stdin stays open: a worker that did not watch its parent would never exit.
        Assert.True(await Eventually.TrueAsync(() => !ProcessTree.IsAlive(worker), s_deadline), "the worker outlived its supervisor");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"the worker took {clock.Elapsed.TotalMilliseconds} ms to exit");
        Assert.Equal(200, await CountAsync("kill-supervisor", "/page"));
        Assert.InRange(await CountAsync("kill-supervisor", "/late"), 0, 50);
    }

    [RedisFact]
    public async Task A_worker_that_keeps_failing_is_restarted_with_growing_delays()
    {
        using var directory = new TempDirectory("crash-loop");

        // Reading a directory fails with EISDIR: a worker that dies at once, every time.
        await using var logPipe = LogPipeProcess.StartWithInputFrom(directory.Path, [.. Arguments("crash-loop"), "--log-file", directory.File("logpipe.log")]);

        // Six restarts take at most 0.1 + 0.2 + 0.4 + 0.8 + 1.6 s of delays before the sixth is logged.
        Assert.True(await Eventually.TrueAsync(() => RestartDelays(directory).Count >= CrashLoopRestarts, s_deadline), logPipe.StandardError);
        logPipe.Signal(PosixSignalNumber.Interrupt);
        await logPipe.WaitForExitAsync(s_deadline);

        var delays = RestartDelays(directory);
        Assert.True(delays.Count >= CrashLoopRestarts, string.Join(", ", delays));
        for (var i = 1; i < delays.Count; i++)
        {
            // Each step doubles up to the 5 s cap, with jitter between half and all of the step.
            Assert.True(delays[i] > delays[i - 1] / 2 && delays[i] >= Math.Min(50 << i, 2_500), $"delays did not grow: {string.Join(", ", delays)}");
        }

        // No assertion on the exit code: SIGINT may reach a worker before its read fails, and a worker told to stop
        // with nothing pending exits 0, as it should.
    }

    [RedisFact]
    public async Task The_worker_enlarges_its_stdin_pipe_so_bursts_do_not_reach_apache()
    {
        // Linux gives a new pipe 64 KiB; only the worker asks for 256 KiB. (Checking the 64 KiB here would race the
        // native binary, which can start and enlarge the pipe first.)
        await using var logPipe = LogPipeProcess.Start([.. Arguments("pipe"), "--pipe-size", "256k"]);

        var enlarged = await Eventually.TrueAsync(() => KernelPipe.Capacity(logPipe.Input) == 256 * 1024, s_deadline);

        Assert.True(enlarged, $"pipe capacity stayed {KernelPipe.Capacity(logPipe.Input)}");
        await logPipe.CloseInputAsync();
        await logPipe.WaitForExitAsync(s_deadline);
        Assert.Equal(0, logPipe.ExitCode);
    }

    [RedisFact]
    public async Task After_sigterm_failing_workers_are_replaced_only_until_the_drain_timeout()
    {
        using var directory = new TempDirectory("drain-crash-loop");
        await using var logPipe = LogPipeProcess.StartWithInputFrom(directory.Path, [.. Arguments("drain-crash-loop"), "--drain-timeout", "3s"]);
        Assert.True(await Eventually.TrueAsync(() => logPipe.StandardError.Contains("starting a new one", StringComparison.Ordinal), s_deadline), logPipe.StandardError);

        logPipe.Signal(PosixSignalNumber.Terminate);
        await logPipe.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.NotEqual(0, logPipe.ExitCode);
        var afterSigterm = logPipe.StandardError[logPipe.StandardError.IndexOf("SIGTERM: the worker reads on", StringComparison.Ordinal)..];
        Assert.Contains("starting a new one", afterSigterm, StringComparison.Ordinal);
        Assert.Contains("after the drain timeout since SIGTERM; not restarting", afterSigterm, StringComparison.Ordinal);
    }

    [RedisFact]
    public async Task A_bad_option_stops_the_supervisor_before_any_worker_starts()
    {
        await using var logPipe = LogPipeProcess.Start([.. Arguments("config"), "--ttl", "never"]);

        await logPipe.WaitForExitAsync(s_deadline);

        Assert.Equal(64, logPipe.ExitCode);
        Assert.DoesNotContain("starting a new one", logPipe.StandardError, StringComparison.Ordinal);
    }

    [RedisFact]
    public async Task Counts_redis_never_took_end_the_run_with_69_not_with_a_silent_restart()
    {
        // Nothing listens on this port: every flush fails until the shutdown timeout gives up.
        await using var logPipe = LogPipeProcess.Start(
            ["--redis", $"127.0.0.1:{FreePort.Next()}", "--shutdown-timeout", "500ms", "--log-level", "information"]);
        await logPipe.WriteAsync(Lines(10, "/lost"));

        await logPipe.CloseInputAsync();
        await logPipe.WaitForExitAsync(s_deadline);

        Assert.True(logPipe.ExitCode == 69, logPipe.StandardError);
        Assert.Contains("Gave up flushing after 500ms", logPipe.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("starting a new one", logPipe.StandardError, StringComparison.Ordinal);
    }

    [RedisFact]
    public async Task Under_dotnet_the_supervisor_starts_its_worker_through_the_dotnet_host()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "logpipe.dll");
        Assert.True(File.Exists(dll), dll);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])[dll, .. Arguments("dotnet-host")])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        await process.StandardInput.BaseStream.WriteAsync(Lines(50, "/page"));
        await process.StandardInput.DisposeAsync();
        // Two JIT start-ups, a connection and a flush: the slowest process test on a loaded machine.
        await process.WaitForExitAsync().WaitAsync(3 * s_deadline);

        Assert.Equal(0, process.ExitCode);
        Assert.Equal(50, await CountAsync("dotnet-host", "/page"));
    }

    // The supervisor's log so far; it is written while the test reads it.
    private static List<int> RestartDelays(TempDirectory directory)
    {
        var lines = LiveLogFile.ReadLines(directory.File("logpipe.log"));
        return [.. lines.Select(line => RestartDelay().Match(line)).Where(m => m.Success).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))];
    }

    // The worker's line when SIGTERM reaches it: it reads on to end of input.
    private static Task<bool> WorkerTookSigtermAsync(LogPipeProcess logPipe) =>
        Eventually.TrueAsync(() => logPipe.StandardError.Contains("SIGTERM: reading on until end of input", StringComparison.Ordinal), s_deadline);

    private static async Task<int> WorkerOfAsync(LogPipeProcess logPipe, int? except = null)
    {
        int? worker = null;
        var found = await Eventually.TrueAsync(() => (worker = logPipe.WorkerId) is { } id && id != except, s_deadline);
        Assert.True(found, $"no worker appeared; stderr:\n{logPipe.StandardError}");
        return worker!.Value;
    }

    [GeneratedRegex(@"starting a new one on the same input in (\d+) ms")]
    private static partial Regex RestartDelay();

    // A shutdown timeout a loaded machine cannot outlast: these tests are about processes and signals, not Redis.
    private string[] Arguments(string prefix) =>
        ["--redis", redis.Configuration, "--key-template", $"sup-{prefix}:{{date}}:{{path}}", "--log-level", "information", "--shutdown-timeout", "30s"];

    private async Task<long> CountAsync(string prefix, string path) => (long)await redis.Database.StringGetAsync($"sup-{prefix}:{Day}:{path}");
}
