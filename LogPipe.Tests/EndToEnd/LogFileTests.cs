using System.Globalization;
using System.Text;
using LogPipe.Tests.Support;

namespace LogPipe.Tests.EndToEnd;

/// <summary>
/// <c>--log-file</c> as an operator reads it, and as a hostile local user attacks it: LogPipe runs as root, so a
/// symbolic link planted where it writes must never make it write, or truncate, another file.
/// </summary>
public sealed class LogFileTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const string Precious = "root:x:0:0:precious content\n";
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(30);

    [RedisFact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task The_log_file_is_the_path_given_created_0640_and_both_processes_write_it()
    {
        using var directory = new TempDirectory("log-file-exact");
        var path = directory.File("logpipe.log");

        await using var logPipe = await LogPipeProcess.RunAsync(Arguments("exact", path), Lines(10), s_deadline);

        Assert.True(logPipe.ExitCode == 0, logPipe.StandardError);
        Assert.Equal([path], Directory.GetFileSystemEntries(directory.Path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(path));
        var log = await File.ReadAllTextAsync(path);
        Assert.Contains("] supervisor[", log, StringComparison.Ordinal);
        Assert.Contains("] worker[", log, StringComparison.Ordinal);
        Assert.Contains("Summary (exit): 10 lines read", log, StringComparison.Ordinal);
    }

    [RedisFact]
    public async Task A_symlink_at_the_log_path_is_refused_with_78_and_its_target_is_left_untouched()
    {
        using var directory = new TempDirectory("log-file-symlink");
        var target = directory.File("shadow");
        await File.WriteAllTextAsync(target, Precious);
        var path = directory.File("logpipe.log");
        File.CreateSymbolicLink(path, target);

        await using var logPipe = await LogPipeProcess.RunAsync(Arguments("symlink", path), Lines(10), s_deadline);

        Assert.Equal(78, logPipe.ExitCode);
        var line = Assert.Single(logPipe.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("symbolic link", line, StringComparison.Ordinal);
        Assert.Equal(Precious, await File.ReadAllTextAsync(target));
    }

    [RedisFact]
    public async Task Symlinks_planted_for_coming_process_ids_truncate_nothing()
    {
        using var directory = new TempDirectory("log-file-planted");
        var target = directory.File("shadow");
        await File.WriteAllTextAsync(target, Precious);

        // The start-up probe used to write .logpipe-write-test-<pid> beside the log, following links: plant one for
        // every process ID the next few hundred processes may get.
        var last = int.Parse(await File.ReadAllTextAsync("/proc/sys/kernel/ns_last_pid"), CultureInfo.InvariantCulture);
        for (var pid = last + 1; pid <= last + 500; pid++)
        {
            File.CreateSymbolicLink(directory.File($".logpipe-write-test-{pid.ToString(CultureInfo.InvariantCulture)}"), target);
        }

        await using var logPipe = await LogPipeProcess.RunAsync(Arguments("planted", directory.File("logpipe.log")), Lines(10), s_deadline);

        Assert.True(logPipe.ExitCode == 0, logPipe.StandardError);
        Assert.Equal(Precious, await File.ReadAllTextAsync(target));
    }

    [RedisFact]
    public async Task A_missing_log_directory_is_refused_with_78_and_not_created()
    {
        using var directory = new TempDirectory("log-file-missing-dir");
        var missing = directory.File("not-there");

        await using var logPipe = await LogPipeProcess.RunAsync(Arguments("missing-dir", Path.Combine(missing, "logpipe.log")), Lines(10), s_deadline);

        Assert.Equal(78, logPipe.ExitCode);
        var line = Assert.Single(logPipe.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("does not exist", line, StringComparison.Ordinal);
        Assert.False(Directory.Exists(missing));
    }

    [RedisFact]
    public async Task A_log_path_that_is_a_directory_is_refused_with_78_before_any_worker_starts()
    {
        using var directory = new TempDirectory("log-file-is-dir");
        var path = directory.File("logpipe.log");
        Directory.CreateDirectory(path);

        await using var logPipe = LogPipeProcess.Start(Arguments("is-dir", path));
        await logPipe.WaitForExitAsync(s_deadline);

        Assert.Equal(78, logPipe.ExitCode);
        var line = Assert.Single(logPipe.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("is a directory", line, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(path));
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

    private string[] Arguments(string prefix, string logFile) =>
        ["--redis", redis.Configuration, "--key-template", $"log-{prefix}:{{date}}:{{path}}", "--shutdown-timeout", "30s", "--log-file", logFile];
}
