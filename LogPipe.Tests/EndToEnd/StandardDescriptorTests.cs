using System.Globalization;
using System.Text;
using LogPipe.Tests.Support;

namespace LogPipe.Tests.EndToEnd;

/// <summary>
/// LogPipe started with stdin, stdout or stderr closed, as a careless init script or a hostile test does: the closed
/// numbers must not be taken by the runtime's own pipes.
/// </summary>
public sealed class StandardDescriptorTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(30);

    [RedisFact]
    public async Task With_stdout_and_stderr_closed_every_line_is_counted_and_a_bad_line_kills_nothing()
    {
        using var directory = new TempDirectory("closed-out-err");
        var input = directory.File("access.log");
        // The bad line makes the worker log a warning: before the fix, to the signal pipe that had taken descriptor 2.
        await File.WriteAllBytesAsync(input, [.. Lines(100, "/a"), .. "not a log line\n"u8.ToArray(), .. Lines(100, "/a")]);

        await using var logPipe = LogPipeProcess.StartWithRedirections(
            "< \"$LOGPIPE_TEST_INPUT\" >&- 2>&-",
            Arguments("closed-out-err"),
            new Dictionary<string, string?> { ["LOGPIPE_TEST_INPUT"] = input });
        await logPipe.WaitForExitAsync(s_deadline);

        Assert.Equal(0, logPipe.ExitCode);
        Assert.Equal(200, await CountAsync("closed-out-err", "/a"));
    }

    [RedisFact]
    public async Task With_every_standard_descriptor_closed_input_is_empty_and_it_exits_0_at_once()
    {
        // Before the fix the worker read its own signal pipe as stdin and never saw the end of its input.
        await using var logPipe = LogPipeProcess.StartWithRedirections("<&- >&- 2>&-", Arguments("closed-all"));

        await logPipe.WaitForExitAsync(s_deadline);

        Assert.Equal(0, logPipe.ExitCode);
    }

    private static byte[] Lines(int count, string path)
    {
        var text = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"192.0.2.{i % 250} - - [29/Nov/2026:12:00:00 +0100] \"GET {path} HTTP/1.1\" 200 512 \"-\" \"test\"\n");
        }

        return Encoding.ASCII.GetBytes(text.ToString());
    }

    private string[] Arguments(string prefix) =>
        ["--redis", redis.Configuration, "--key-template", $"fd-{prefix}:{{date}}:{{path}}", "--shutdown-timeout", "30s"];

    private async Task<long> CountAsync(string prefix, string path) => (long)await redis.Database.StringGetAsync($"fd-{prefix}:2026-11-29:{path}");
}
