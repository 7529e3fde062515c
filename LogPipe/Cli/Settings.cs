using LogPipe.Counting;
using LogPipe.Parsing;
using Serilog.Events;
using StackExchange.Redis;

namespace LogPipe.Cli;

/// <summary>Every option, validated once by <see cref="SettingsReader"/>; nothing downstream re-checks them.</summary>
internal sealed record Settings
{
    public required string RedisConfiguration { get; init; }

    public required ConfigurationOptions Redis { get; init; }

    public required LogFormat Format { get; init; }

    public required IReadOnlyList<string> Methods { get; init; }

    public required KeyTemplate KeyTemplate { get; init; }

    public required PageViewSettings PageViews { get; init; }

    /// <summary>The reports kept, only those the log format can feed.</summary>
    public required ReportSettings Reports { get; init; }

    public required TimeSpan Ttl { get; init; }

    public required TimeSpan FlushInterval { get; init; }

    public required int MaxLineLength { get; init; }

    public required int MaxPendingKeys { get; init; }

    public required TimeSpan ShutdownTimeout { get; init; }

    public required TimeSpan DrainTimeout { get; init; }

    public required int PipeSize { get; init; }

    /// <summary>The Redis hash for LogPipe's own figures, placeholders resolved; null when disabled.</summary>
    public required string? StatsKey { get; init; }

    public required ProcessRole Role { get; init; }

    public required bool DryRun { get; init; }

    public required string? LogFile { get; init; }

    /// <summary>--user: the account to run as once the log file is open; null to stay as started.</summary>
    public string? User { get; init; }

    /// <summary>The group of --user NAME:GROUP; null for the user's own primary group.</summary>
    public string? Group { get; init; }

    /// <summary>Null when not given: the default then depends on where logs go.</summary>
    public required LogEventLevel? LogLevel { get; init; }
}
