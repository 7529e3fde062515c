using LogPipe.Cli;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Display;

namespace LogPipe.Logging;

/// <summary>Builds the process's Serilog logger from the settings: the --log-file, or rate-limited stderr.</summary>
internal static class LogSetup
{
    private const string FileTemplate = "{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} [{Level:u3}] {Role}[{ProcessId}] {Message:lj}{NewLine}{Exception}";

    // Apache adds no prefix of its own to a piped logger's stderr: say who is speaking.
    private const string StderrTemplate = "{Timestamp:yyyy-MM-dd HH:mm:ss} logpipe {Role}[{ProcessId}] {Level:u3}: {Message:lj}{NewLine}{Exception}";

    /// <param name="file">The open --log-file, shared by supervisor and worker; null to log to stderr.</param>
    public static Logger Create(Settings settings, string role, LogFile? file, TextWriter? stderr = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var configuration = new LoggerConfiguration()
            .Enrich.WithProperty("Role", role)
            .Enrich.WithProperty("ProcessId", Environment.ProcessId);
        if (file is not null)
        {
            configuration
                .MinimumLevel.Is(settings.LogLevel ?? LogEventLevel.Information)
                .WriteTo.Sink(new AppendFileSink(file, new MessageTemplateTextFormatter(FileTemplate, System.Globalization.CultureInfo.InvariantCulture)));
        }
        else
        {
            // By hand (--dry-run, --no-supervisor) the summary is the point; under Apache only problems belong in its error log.
            var byHand = settings.DryRun || settings.Role == ProcessRole.Foreground;
            var level = settings.LogLevel ?? (byHand ? LogEventLevel.Information : LogEventLevel.Warning);
            configuration
                .MinimumLevel.Is(level)
                .WriteTo.Sink(new StderrSink(new MessageTemplateTextFormatter(StderrTemplate, System.Globalization.CultureInfo.InvariantCulture), stderr));
        }

        return configuration.CreateLogger();
    }
}
