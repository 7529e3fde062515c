using LogPipe.Tests.Support;
using static LogPipe.Tests.Support.AccessLines;

namespace LogPipe.Tests.EndToEnd;

/// <summary>The binary's contract with operators: help, version, dry run, and bad options refused before any input is read.</summary>
public sealed class CommandLineTests
{
    public static TheoryData<string[], string> BadOptions => new()
    {
        { ["--ttl", "soon"], "--ttl" },
        { ["--ttl", "0"], "--ttl" },
        { ["--key-template", "hits:{date}"], "{path}" },
        { ["--key-template", "hits:{vhost}:{path}"], "unknown placeholder" },
        { ["--key-template", "hits:{host}:{path}"], "(%v)" },
        { ["--key-template", "{path}"], "start it with literal text" },
        { ["--key-template", "logpipe:{path}"], "LogPipe's own keys" },
        { ["--key-template", "hits:" + string.Concat(Enumerable.Repeat("{path}", 200)), "--max-line-length", "16m", "--max-path-length", "65536"], "placeholders" },
        { ["--format", "fancy"], "--format" },
        { ["--format", "%h %q %z"], "--format" },
        { ["--methods", ","], "--methods" },
        { ["--flush-interval", "-1"], "--flush-interval" },
        { ["--max-line-length", "12"], "--max-line-length" },
        { ["--max-pending-keys", "0"], "--max-pending-keys" },
        { ["--log-level", "chatty"], "--log-level" },
        { ["--redis", "127.0.0.1:6379,nonsense=1"], "--redis" },
        { ["--no-such-option"], "--no-such-option" },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public async Task A_bad_option_is_refused_with_one_line_and_exit_64_before_input_is_read(string[] arguments, string mentioned)
    {
        // Input stays open: a program that started reading would never exit.
        await using var logPipe = LogPipeProcess.Start(arguments);

        await logPipe.WaitForExitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(64, logPipe.ExitCode);
        var lines = logPipe.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("logpipe: ", lines[0], StringComparison.Ordinal);
        Assert.Contains(mentioned, lines[0], StringComparison.Ordinal);
        Assert.Empty(logPipe.StandardOutput);
    }

    [Theory]
    [InlineData("/proc/logpipe.log")]
    [InlineData("/proc/logpipe/cannot.log")]
    public async Task An_unwritable_log_file_is_a_configuration_error_exit_78_naming_that_file(string path)
    {
        await using var logPipe = LogPipeProcess.Start(["--log-file", path]);

        await logPipe.WaitForExitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(78, logPipe.ExitCode);
        var line = Assert.Single(logPipe.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("logpipe: --log-file: ", line, StringComparison.Ordinal);
        Assert.Contains(Path.GetDirectoryName(path)!, line, StringComparison.Ordinal);
        Assert.DoesNotContain("write-test", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_explains_every_option_with_its_default_and_an_apache_example()
    {
        await using var logPipe = await LogPipeProcess.RunAsync(["--help"], []);

        Assert.Equal(0, logPipe.ExitCode);
        foreach (var option in (string[])["--redis", "--format", "--methods", "--key-template", "--ttl", "--flush-interval", "--max-line-length", "--max-pending-keys", "--shutdown-timeout", "--drain-timeout", "--dry-run", "--log-file", "--log-level", "--user", "--version"])
        {
            Assert.Contains(option, logPipe.StandardOutput, StringComparison.Ordinal);
        }

        Assert.Contains("[default: 24h]", logPipe.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("CustomLog \"|/usr/local/bin/logpipe", logPipe.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_prints_the_version()
    {
        await using var logPipe = await LogPipeProcess.RunAsync(["--version"], []);

        Assert.Equal(0, logPipe.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+", logPipe.StandardOutput);
    }

    [Fact]
    public async Task Dry_run_prints_keys_and_counts_highest_first_without_redis()
    {
        var nextDay = Get("/a").Replace("29/Nov/2026:12:00", "30/Nov/2026:23:59", StringComparison.Ordinal);
        var input = Lines(Get("/a"), Get("/b"), Get("/a"), nextDay, "not a log line");

        // A port nobody listens on: the dry run must not need Redis.
        await using var logPipe = await LogPipeProcess.RunAsync(["--dry-run", "--reports", "none", "--redis", $"127.0.0.1:{FreePort.Next()}"], input);

        Assert.Equal(0, logPipe.ExitCode);
        Assert.Equal(["2\thits:2026-11-29:/a", "1\thits:2026-11-29:/b", "1\thits:2026-11-30:/a"], logPipe.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("5 lines read, 4 counted", logPipe.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Without_a_site_host_or_a_virtual_host_the_operator_is_told_that_internal_referers_count(bool siteHost)
    {
        string[] options = siteHost ? ["--dry-run", "--site-host", "www.example.com"] : ["--dry-run"];

        await using var logPipe = await LogPipeProcess.RunAsync(options, Lines(Get("/a")));

        Assert.Equal(0, logPipe.ExitCode);
        Assert.Equal(!siteHost, logPipe.StandardError.Contains("give --site-host www.example.com", StringComparison.Ordinal));
    }
}
