using LogPipe.Tests.Support;
using static LogPipe.Tests.Support.AccessLines;

namespace LogPipe.Tests.EndToEnd;

/// <summary>The subcommands' frame: <c>logpipe run</c> is <c>logpipe</c>, and help lists the subcommands.</summary>
public sealed class SubcommandTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task Run_is_the_daemon_by_name()
    {
        var input = Lines(Get("/a"), Get("/b"), Get("/a"), "not a log line");

        await using var bare = await LogPipeProcess.RunAsync(["--dry-run", "--methods", "GET"], input);
        await using var named = await LogPipeProcess.RunAsync(["run", "--dry-run", "--methods", "GET"], input);

        Assert.Equal(0, named.ExitCode);
        var keys = named.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("2\thits:2026-11-29:/a", keys);
        Assert.Contains("1\thits:2026-11-29:/b", keys);
        Assert.Equal(bare.StandardOutput, named.StandardOutput);
    }

    [RedisFact]
    public async Task Run_under_its_supervisor_starts_a_worker_that_counts_into_redis()
    {
        // The worker is started with the supervisor's own arguments, 'run' included.
        await using var logPipe = await LogPipeProcess.RunAsync(["run", "--redis", redis.Configuration, "--key-template", "run-sub:{date}:{path}"], Lines(3, "/page"));

        Assert.True(logPipe.ExitCode == 0, logPipe.StandardError);
        Assert.Equal(3, (long)await redis.Database.StringGetAsync($"run-sub:{Day}:/page"));
    }

    [Fact]
    public async Task A_bad_option_of_run_is_one_line_and_exit_64()
    {
        await using var logPipe = await LogPipeProcess.RunAsync(["run", "--ttl", "soon"], []);

        Assert.Equal(64, logPipe.ExitCode);
        Assert.StartsWith("logpipe: --ttl: 'soon'", Assert.Single(logPipe.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_subcommand_is_one_line_and_exit_64()
    {
        await using var logPipe = await LogPipeProcess.RunAsync(["reprot"], []);

        Assert.Equal(64, logPipe.ExitCode);
        Assert.Contains("'reprot'", Assert.Single(logPipe.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_lists_the_subcommands_each_on_its_summary()
    {
        await using var logPipe = await LogPipeProcess.RunAsync(["--help"], []);

        Assert.Equal(0, logPipe.ExitCode);
        var help = logPipe.StandardOutput;
        Assert.Contains("\n  run ", help, StringComparison.Ordinal);
        Assert.Contains("\n  report ", help, StringComparison.Ordinal);
        Assert.Contains("\n  top ", help, StringComparison.Ordinal);

        // Examples belong to each subcommand's own help, not to the list.
        Assert.DoesNotContain("logpipe report --from", help, StringComparison.Ordinal);
    }
}
