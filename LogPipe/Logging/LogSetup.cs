using LogPipe.Cli;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Display;

namespace LogPipe.Logging;

/// <summary>Builds the process's Serilog logger from the settings: a daily rolling file, or rate-limited stderr.</summary>
internal static class LogSetup
{
    // Two weeks covers a long weekend plus the time to notice and look.
    public const int RetainedDays = 14;

    private const string FileTemplate = "{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} [{Level:u3}] {Role}[{ProcessId}] {Message:lj}{NewLine}{Exception}";

    // Apache adds no prefix of its own to a piped logger's stderr: say who is speaking.
    private const string StderrTemplate = "{Timestamp:yyyy-MM-dd HH:mm:ss} logpipe {Role}[{ProcessId}] {Level:u3}: {Message:lj}{NewLine}{Exception}";

    /// <summary>Supervisor and worker write separate files beside --log-file: logpipe.log gives logpipe-supervisor.log and logpipe-worker.log.</summary>
    public static string PathForRole(string logFile, string role) =>
        Path.Combine(Path.GetDirectoryName(logFile)!, $"{Path.GetFileNameWithoutExtension(logFile)}-{role}{Path.GetExtension(logFile)}");

    public static Logger Create(Settings settings, string role, TextWriter? stderr = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var configuration = new LoggerConfiguration()
            .Enrich.WithProperty("Role", role)
            .Enrich.WithProperty("ProcessId", Environment.ProcessId);
        if (settings.LogFile is { } path)
        {
            configuration
                .MinimumLevel.Is(settings.LogLevel ?? LogEventLevel.Information)
                .WriteTo.File(
                    PathForRole(path, role),
                    outputTemplate: FileTemplate,
                    formatProvider: System.Globalization.CultureInfo.InvariantCulture,
                    rollingInterval: RollingInterval.Day,
                    retainedFileCountLimit: RetainedDays,
                    // Old and new generations write the same files during a graceful restart.
                    shared: true,
                    flushToDiskInterval: TimeSpan.FromSeconds(1));
        }
        else
        {
            // By hand (--dry-run) the summary is the point; under Apache only problems belong in its error log.
            var level = settings.LogLevel ?? (settings.DryRun ? LogEventLevel.Information : LogEventLevel.Warning);
            configuration
                .MinimumLevel.Is(level)
                .WriteTo.Sink(new StderrSink(new MessageTemplateTextFormatter(StderrTemplate, System.Globalization.CultureInfo.InvariantCulture), stderr));
        }

        return configuration.CreateLogger();
    }

    /// <summary>Checks before anything runs that the log file can be written, so a bad path is a clear start-up error.</summary>
    public static bool TryCheckWritable(string? path, out string? error)
    {
        error = null;
        if (path is null)
        {
            return true;
        }

        try
        {
            var directory = Path.GetDirectoryName(path)!;
            Directory.CreateDirectory(directory);
            var probe = Path.Combine(directory, $".logpipe-write-test-{Environment.ProcessId}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error = $"--log-file: cannot write to '{path}': {ex.Message}";
            return false;
        }
    }
}
