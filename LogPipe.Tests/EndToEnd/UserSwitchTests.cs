using System.Globalization;
using System.Text;
using LogPipe.Tests.Support;

namespace LogPipe.Tests.EndToEnd;

/// <summary><c>--user</c>: started as root, as Apache starts it, LogPipe opens its log file and then runs as the user.</summary>
public sealed class UserSwitchTests(RedisServer redis) : IClassFixture<RedisServer>
{
    // nobody and nogroup: on every Debian system, and with IDs no other account has.
    private const string NobodyId = "65534";
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(30);

    [RedisFact(NeedsRoot = true)]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task With_user_supervisor_and_worker_run_as_that_user_and_still_log_to_the_file_root_opened()
    {
        using var directory = new TempDirectory("user-switch");
        var logFile = directory.File("logpipe.log");
        await using var logPipe = LogPipeProcess.Start(
            ["--redis", redis.Configuration, "--key-template", "user-switch:{date}:{path}", "--log-file", logFile, "--user", "nobody:nogroup", "--shutdown-timeout", "30s"]);
        await logPipe.WriteAsync(Lines(10));
        Assert.True(await Eventually.TrueAsync(async () => (long)await redis.Database.StringGetAsync("user-switch:2026-11-29:/page") == 10, s_deadline), logPipe.StandardError);
        var worker = logPipe.WorkerId ?? throw new InvalidOperationException("no worker");

        var workerIds = IdsOf(worker);
        var supervisorIds = IdsOf(logPipe.Id);
        await logPipe.CloseInputAsync();
        await logPipe.WaitForExitAsync(s_deadline);

        Assert.Equal(0, logPipe.ExitCode);
        Assert.Equal((NobodyId, NobodyId), workerIds);
        Assert.Equal((NobodyId, NobodyId), supervisorIds);
        Assert.Equal(UnixFileMode.None, File.GetUnixFileMode(logFile) & (UnixFileMode.OtherRead | UnixFileMode.OtherWrite));
        Assert.Contains("Summary (exit): 10 lines read", await File.ReadAllTextAsync(logFile), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_user_is_refused_with_one_line_and_exit_78()
    {
        await using var logPipe = LogPipeProcess.Start(["--user", "no-such-user-here"]);

        await logPipe.WaitForExitAsync(s_deadline);

        Assert.Equal(78, logPipe.ExitCode);
        var line = Assert.Single(logPipe.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("logpipe: --user: there is no user 'no-such-user-here' on this system", line);
    }

    // The real and effective user and group IDs from /proc/PID/status ("Uid:\treal\teffective\tsaved\tfs").
    private static (string User, string Group) IdsOf(int processId)
    {
        var status = File.ReadAllLines($"/proc/{processId.ToString(CultureInfo.InvariantCulture)}/status");
        string[] Field(string name) => status.Single(l => l.StartsWith(name, StringComparison.Ordinal)).Split('\t', StringSplitOptions.RemoveEmptyEntries);
        var uid = Field("Uid:");
        var gid = Field("Gid:");
        Assert.True(uid[1..].Distinct().Count() == 1 && gid[1..].Distinct().Count() == 1, $"IDs differ: {string.Join(' ', uid)} / {string.Join(' ', gid)}");
        return (uid[1], gid[1]);
    }

    private static byte[] Lines(int count)
    {
        var text = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"192.0.2.{i % 250} - - [29/Nov/2026:12:00:00 +0100] \"GET /page HTTP/1.1\" 200 512 \"-\" \"test\"\n");
        }

        return Encoding.ASCII.GetBytes(text.ToString());
    }
}
