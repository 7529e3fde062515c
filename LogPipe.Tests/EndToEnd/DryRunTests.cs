using System.Diagnostics;
using System.Text;
using LogPipe.Tests.Support;
using static LogPipe.Tests.Support.AccessLines;

namespace LogPipe.Tests.EndToEnd;

/// <summary>A dry run shows the keys a real run writes, in a form that finds them in Redis.</summary>
public sealed class DryRunTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [RedisFact]
    public async Task A_key_copied_from_the_dry_run_finds_the_count_with_redis_cli_after_a_real_run()
    {
        // Apache escapes a raw byte of the request line as \xhh text; other writers log the raw bytes. A quote comes as \".
        var input = Encoding.Latin1.GetBytes(string.Concat(
            Get(@"/caf\xc3\xa9") + "\n",
            Get("/caf\u00c3\u00a9") + "\n",
            Get("/caf\u00c3\u00a9") + "\n",
            Get(@"/say\""hi\""") + "\n"));
        string[] arguments = ["--key-template", "dry:{date}:{path}", "--count-all", "--key-prefix", "site:"];

        await using var dryRun = await LogPipeProcess.RunAsync(["--dry-run", .. arguments], input);
        await using var realRun = await LogPipeProcess.RunAsync(["--redis", redis.Configuration, .. arguments], input);

        Assert.True(dryRun.ExitCode == 0, dryRun.StandardError);
        Assert.True(realRun.ExitCode == 0, realRun.StandardError);
        var printed = dryRun.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split('\t')).ToList();

        // The three page keys, and the reports: views, visitors, minutes, statuses and the three paths among the pages.
        Assert.Equal(3, printed.Count(row => row[1].StartsWith("site:dry:", StringComparison.Ordinal) || row[1].StartsWith("\"site:dry:", StringComparison.Ordinal)));
        Assert.Equal(10, printed.Count);
        foreach (var row in printed)
        {
            var command = row switch
            {
                [_, var key] when key.StartsWith("site:visitors:", StringComparison.Ordinal) => $"PFCOUNT {key}",
                [_, var key] => $"GET {key}",
                [_, var key, var member] when key.StartsWith("site:pages:", StringComparison.Ordinal) => $"ZSCORE {key} {member}",
                [_, var key, var member] => $"HGET {key} {member}",
                _ => throw new InvalidOperationException($"a dry-run row of {row.Length} columns"),
            };
            Assert.Equal(row[0], await RedisCliAsync(command));
        }
    }

    // The command typed at redis-cli's prompt, as an operator pastes it; the reply as redis-cli prints it to a pipe.
    private async Task<string> RedisCliAsync(string command)
    {
        var start = new ProcessStartInfo(RequiredTool.Require("redis-cli", "redis-tools"), ["-p", redis.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            StandardInputEncoding = Encoding.Latin1,
        };
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteLineAsync(command);
        process.StandardInput.Close();
        var reply = await process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await process.WaitForExitAsync(timeout.Token);
        return reply.TrimEnd('\n');
    }
}
