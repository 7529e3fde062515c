using System.Text;
using LogPipe.Tests.Support;

namespace LogPipe.Tests.EndToEnd;

/// <summary>The summary an operator sees when running LogPipe by hand: there, and with figures that add up.</summary>
public sealed class SummaryTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const string Line = "192.0.2.1 - - [29/Nov/2026:12:00:00 +0100] \"GET /a HTTP/1.1\" 200 512 \"-\" \"test\"\n";
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(30);

    [RedisFact]
    public async Task No_supervisor_prints_the_summary_at_exit_as_dry_run_does()
    {
        var input = Encoding.ASCII.GetBytes(Line + Line + Line);

        await using var logPipe = await LogPipeProcess.RunAsync(
            ["--no-supervisor", "--redis", redis.Configuration, "--key-template", "summary-fg:{date}:{path}", "--shutdown-timeout", "30s"], input, s_deadline);

        Assert.Equal(0, logPipe.ExitCode);
        Assert.Contains("Summary (exit): 3 lines read, 3 counted", logPipe.StandardError, StringComparison.Ordinal);
    }

    [RedisFact]
    public async Task Blank_lines_are_named_in_the_summary_so_that_its_figures_add_up_to_the_input()
    {
        // 5 lines in the file, 2 of them empty (one a lone CR): 3 lines read, and the 2 said apart.
        var input = Encoding.ASCII.GetBytes(Line + "\n" + Line + "\r\n" + Line);

        await using var logPipe = await LogPipeProcess.RunAsync(["--dry-run"], input, s_deadline);

        Assert.Equal(0, logPipe.ExitCode);
        Assert.Contains("Summary (exit): 3 lines read, 3 counted", logPipe.StandardError, StringComparison.Ordinal);
        Assert.Contains("2 blank lines skipped (not counted as lines read)", logPipe.StandardError, StringComparison.Ordinal);
    }
}
