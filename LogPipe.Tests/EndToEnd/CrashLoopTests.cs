using System.Diagnostics;
using System.Globalization;
using System.Text;
using LogPipe.Tests.Support;
using Xunit.Abstractions;

namespace LogPipe.Tests.EndToEnd;

/// <summary>
/// A worker killed again and again while Apache writes at a steady rate: each new worker must read the pipe soon
/// enough that the writer never blocks for long, and each kill may lose only what the README's "Hard kill" allows.
/// </summary>
public sealed class CrashLoopTests(RedisServer redis, ITestOutputHelper output) : IClassFixture<RedisServer>
{
    private const int LinesPerSecond = 20_000;
    private const int WritesPerSecond = 100;
    private const int LinesPerWrite = LinesPerSecond / WritesPerSecond;
    private const string Prefix = "crash-loop-load";

    // README "Hard kill": a dead worker loses at most one flush interval of lines plus one read chunk (1 MiB).
    private const int FlushIntervalMs = 250;
    private const int ReadChunkBytes = 1 << 20;

    private static readonly TimeSpan s_killingFor = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan s_killEvery = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan s_longestAllowedStall = TimeSpan.FromSeconds(1);

    [RedisFact(NeedsNativeBinary = true)]
    public async Task A_worker_killed_every_200_ms_under_load_never_blocks_the_writer_for_a_second_and_loses_at_most_the_hard_kill_bound()
    {
        var line = Encoding.ASCII.GetBytes("192.0.2.7 - - [29/Nov/2026:12:00:00 +0100] \"GET /load HTTP/1.1\" 200 512 \"-\" \"crash-loop-test\"\n");
        var block = new byte[line.Length * LinesPerWrite];
        for (var i = 0; i < LinesPerWrite; i++)
        {
            line.CopyTo(block, i * line.Length);
        }

        await using var logPipe = LogPipeProcess.Start(
            ["--redis", redis.Configuration, "--key-template", $"{Prefix}:{{date}}:{{path}}", "--shutdown-timeout", "30s", "--flush-interval", $"{FlushIntervalMs}ms"]);
        Assert.True(await Eventually.TrueAsync(() => logPipe.WorkerId is not null, TimeSpan.FromSeconds(30)), logPipe.StandardError);

        var writing = Task.Factory.StartNew(() => WritePaced(logPipe.Input, block, s_killingFor), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var kills = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < s_killingFor)
        {
            await Task.Delay(s_killEvery);
            if (logPipe.WorkerId is { } worker && ProcessTree.IsAlive(worker))
            {
                PosixSignals.Send(worker, PosixSignalNumber.Kill);
                kills++;
            }
        }

        var (written, longestWrite) = await writing;
        await logPipe.CloseInputAsync();
        await logPipe.WaitForExitAsync(TimeSpan.FromSeconds(60));
        var counted = (long)await redis.Database.StringGetAsync($"{Prefix}:2026-11-29:/load");

        var lost = written - counted;
        var lostPerKill = (double)lost / Math.Max(1, kills);
        var allowedPerKill = (LinesPerSecond * FlushIntervalMs / 1000) + (ReadChunkBytes / line.Length);
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{written} lines written at {LinesPerSecond}/s, {kills} kills, {counted} counted, {lost} lost ({lostPerKill:0} a kill, bound {allowedPerKill}); longest write {longestWrite.TotalMilliseconds:0} ms"));

        Assert.True(logPipe.ExitCode == 0, logPipe.StandardError);
        Assert.True(kills >= 20, $"only {kills} workers were killed");
        Assert.True(longestWrite < s_longestAllowedStall, $"the writer blocked for {longestWrite.TotalMilliseconds:0} ms");
        Assert.True(lostPerKill <= allowedPerKill, $"{lostPerKill:0} lines lost a kill, more than {allowedPerKill}");
    }

    // Writes LinesPerWrite lines every 1/WritesPerSecond s, as a busy Apache does, catching up after a blocked write;
    // returns the lines written and the longest single write.
    private static (long Written, TimeSpan LongestWrite) WritePaced(Stream input, byte[] block, TimeSpan duration)
    {
        var clock = Stopwatch.StartNew();
        var longest = TimeSpan.Zero;
        long writes = 0;
        while (clock.Elapsed < duration)
        {
            var due = TimeSpan.FromSeconds((double)writes / WritesPerSecond);
            if (due > clock.Elapsed)
            {
                Thread.Sleep(due - clock.Elapsed);
            }

            var before = clock.Elapsed;
            input.Write(block);
            input.Flush();
            longest = TimeSpan.FromTicks(Math.Max(longest.Ticks, (clock.Elapsed - before).Ticks));
            writes++;
        }

        return (writes * LinesPerWrite, longest);
    }
}
