using System.CommandLine;
using System.Globalization;
using LogPipe.Common;
using LogPipe.Counting;
using LogPipe.Parsing;
using LogPipe.Reports;
using LogPipe.Storage;
using Serilog.Events;

namespace LogPipe.Cli;

/// <summary>Turns parsed options into <see cref="Settings"/>, or one line saying which value is wrong and why.</summary>
internal static class SettingsReader
{
    private const int MinimumLineLength = 256;
    private const int MaximumLineLength = 16 * 1024 * 1024;

    // Linux's default pipe capacity: asking for less would shrink the pipe Apache writes into.
    private const int MinimumPipeSize = 64 * 1024;
    private static readonly TimeSpan s_minimumFlushInterval = TimeSpan.FromMilliseconds(10);

    public static bool TryRead(LogPipeCommand command, ParseResult parsed, Func<string, string?> environment, out Settings? settings, out string? error)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(parsed);
        settings = null;
        var redis = RedisAddress.Resolve(parsed.GetValue(command.Redis), environment(RedisAddress.EnvironmentVariable), out var redisSource);
        StackExchange.Redis.ConfigurationOptions redisOptions;
        try
        {
            redisOptions = RedisConfiguration.Parse(redis);
        }
        catch (ArgumentException ex)
        {
            error = $"{redisSource}: {RedisConfiguration.WithoutSecrets(ex.Message, redis)}";
            return false;
        }

        if (!LogFormat.TryResolve(parsed.GetValue(command.Format)!, out var format, out error))
        {
            error = $"--format: {error}";
            return false;
        }

        var methods = parsed.GetValue(command.Methods)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (methods.Length == 0)
        {
            error = "--methods: give at least one method, e.g. GET or GET,HEAD";
            return false;
        }

        foreach (var method in methods)
        {
            if (!IsToken(method))
            {
                error = $"--methods: '{method}' is not an HTTP method name";
                return false;
            }

            // Apache logs methods as sent, and clients send them in upper case: a lower-case one would match nothing.
            if (method.Any(char.IsAsciiLetterLower))
            {
                error = $"--methods: '{method}' has lower-case letters, so no logged request would match it; methods are case-sensitive, e.g. {method.ToUpperInvariant()}";
                return false;
            }
        }

        if (!KeyTemplate.TryParse(parsed.GetValue(command.KeyTemplateOption)!, out var template, out error))
        {
            error = $"--key-template: {error}";
            return false;
        }

        if (template!.UsesHost && !format!.Records(LogField.VirtualHost))
        {
            error = $"--key-template: {{host}} needs the virtual host (%v) in the log format, and '{format.Name}' has none; use --format vhost_combined (and the same nickname in CustomLog)";
            return false;
        }

        if (!command.PageViews.TryRead(parsed, out var pageViews, out error)
            || !command.Reports.TryRead(parsed, out var reports, out error)
            || !TryFitReports(reports!, pageViews!, format!, template, out reports, out error))
        {
            return false;
        }

        if (!TryDuration(parsed, command.Ttl, TimeSpan.FromSeconds(1), out var ttl, out error)
            || !TryDuration(parsed, command.FlushInterval, s_minimumFlushInterval, out var flushInterval, out error)
            || !TryDuration(parsed, command.ShutdownTimeout, TimeSpan.Zero, out var shutdownTimeout, out error)
            || !TryDuration(parsed, command.DrainTimeout, TimeSpan.Zero, out var drainTimeout, out error))
        {
            return false;
        }

        if (!ByteSize.TryParse(parsed.GetValue(command.MaxLineLength)!, out var maxLineLength) || maxLineLength < MinimumLineLength || maxLineLength > MaximumLineLength)
        {
            error = $"--max-line-length: '{parsed.GetValue(command.MaxLineLength)}' must be {ByteSize.Syntax}, between {MinimumLineLength} and 16m";
            return false;
        }

        if (!ByteSize.TryParse(parsed.GetValue(command.PipeSize)!, out var pipeSize) || pipeSize < MinimumPipeSize)
        {
            error = $"--pipe-size: '{parsed.GetValue(command.PipeSize)}' must be {ByteSize.Syntax}, at least 64k";
            return false;
        }

        var maxPendingKeysText = parsed.GetValue(command.MaxPendingKeys)!;
        if (!int.TryParse(maxPendingKeysText, NumberStyles.None, CultureInfo.InvariantCulture, out var maxPendingKeys) || maxPendingKeys < 1)
        {
            error = $"--max-pending-keys: '{maxPendingKeysText}' must be a whole number from 1 to {int.MaxValue}";
            return false;
        }

        LogEventLevel? level = null;
        if (parsed.GetValue(command.LogLevel) is { } levelText)
        {
            if (!TryLevel(levelText, out var parsedLevel))
            {
                error = $"--log-level: '{levelText}' must be debug, information (info), warning (warn) or error";
                return false;
            }

            level = parsedLevel;
        }

        var logFile = parsed.GetValue(command.LogFile);
        if (logFile is { Length: 0 })
        {
            error = "--log-file: the path is empty";
            return false;
        }

        string? user = null;
        string? group = null;
        if (parsed.GetValue(command.User) is { } userText)
        {
            var colon = userText.IndexOf(':', StringComparison.Ordinal);
            user = colon < 0 ? userText : userText[..colon];
            group = colon < 0 ? null : userText[(colon + 1)..];
            if (user.Length == 0 || group is { Length: 0 })
            {
                error = $"--user: '{userText}' must be a user name, or user:group, e.g. nobody or nobody:nogroup";
                return false;
            }
        }

        settings = new Settings
        {
            RedisConfiguration = redis,
            Redis = redisOptions,
            Format = format!,
            Methods = methods,
            KeyTemplate = template!,
            PageViews = pageViews!,
            Reports = reports!,
            Ttl = ttl,
            FlushInterval = flushInterval,
            MaxLineLength = maxLineLength,
            MaxPendingKeys = maxPendingKeys,
            ShutdownTimeout = shutdownTimeout,
            DrainTimeout = drainTimeout,
            PipeSize = pipeSize,
            StatsKey = parsed.GetValue(command.StatsKey) is { Length: > 0 } statsKey
                ? statsKey.Replace(LogPipeCommand.HostnamePlaceholder, Environment.MachineName, StringComparison.Ordinal)
                : null,
            Role = ReadRole(command, parsed),
            DryRun = parsed.GetValue(command.DryRun),
            LogFile = logFile is null ? null : Path.GetFullPath(logFile),
            LogLevel = level,
            User = user,
            Group = group,
        };
        error = null;
        return true;
    }

    // The reports the format and the rule can feed. Asked for by name, one that cannot be fed is an error; by default
    // (all) it is left out. A template whose keys could fall among the reports' is refused.
    private static bool TryFitReports(ReportSettings asked, PageViewSettings pageViews, LogFormat format, KeyTemplate template, out ReportSettings? fitted, out string? error)
    {
        fitted = null;
        var kinds = asked.Reports;
        var classifiesUserAgents = format.Records(LogField.UserAgent) && !pageViews.CountCrawlers && !pageViews.CountAll;
        (ReportKinds Kind, bool Fed, string Why)[] needs =
        [
            (ReportKinds.Visitors, format.Records(LogField.Client) || format.Records(LogField.UserAgent), $"the client address (%h) or user agent, and '{format.Name}' has neither"),
            (ReportKinds.Referrers, format.Records(LogField.Referer), $"the referer (%{{Referer}}i), and '{format.Name}' has none; use --format combined"),
            (ReportKinds.Statuses, format.Records(LogField.Status), $"the status (%>s), and '{format.Name}' has none"),
            (ReportKinds.Crawlers, classifiesUserAgents, "the page-view rule to classify user agents: a format with %{User-Agent}i, without --count-crawlers or --count-all"),
        ];
        foreach (var (kind, fed, why) in needs)
        {
            if ((kinds & kind) != 0 && !fed)
            {
                if (asked.ReportsGiven)
                {
                    error = $"--reports: the {ReportCatalog.Describe(kind)} report needs {why}";
                    return false;
                }

                kinds &= ~kind;
            }
        }

        if (kinds != ReportKinds.None && !template.UsesHost)
        {
            var head = System.Text.Encoding.ASCII.GetString(template.LeadingLiteral);
            foreach (var entry in ReportCatalog.Entries)
            {
                var name = entry.Name + ":";
                if (head.Length > 0 && (name.StartsWith(head, StringComparison.Ordinal) || head.StartsWith(name, StringComparison.Ordinal)))
                {
                    error = $"--key-template: '{template.Text}' could name a report's key ({name}...); start it with other text, e.g. {KeyTemplate.Default}, or use --reports none";
                    return false;
                }
            }
        }

        fitted = asked with { Reports = kinds };
        error = null;
        return true;
    }

    // A dry run is a report for a person at a terminal: a restarted worker would lose the dead one's counts.
    private static ProcessRole ReadRole(LogPipeCommand command, ParseResult parsed) =>
        parsed.GetValue(command.Worker) ? ProcessRole.Worker
        : parsed.GetValue(command.NoSupervisor) || parsed.GetValue(command.DryRun) ? ProcessRole.Foreground
        : ProcessRole.Supervisor;

    private static bool TryDuration(ParseResult parsed, Option<string> option, TimeSpan minimum, out TimeSpan value, out string? error)
    {
        var text = parsed.GetValue(option)!;
        if (!Duration.TryParse(text, out value) || value < minimum)
        {
            error = $"{option.Name}: '{text}' must be {Duration.Syntax}" + (minimum > TimeSpan.Zero ? $", at least {Duration.Format(minimum)}" : string.Empty);
            return false;
        }

        error = null;
        return true;
    }

    private static bool TryLevel(string text, out LogEventLevel level)
    {
        switch (text.ToLowerInvariant())
        {
            case "debug":
                level = LogEventLevel.Debug;
                return true;
            case "information" or "info":
                level = LogEventLevel.Information;
                return true;
            case "warning" or "warn":
                level = LogEventLevel.Warning;
                return true;
            case "error":
                level = LogEventLevel.Error;
                return true;
            default:
                level = default;
                return false;
        }
    }

    // RFC 9110 token characters: what a method name may be made of.
    private static bool IsToken(string method)
    {
        foreach (var c in method)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal)))
            {
                return false;
            }
        }

        return method.Length > 0;
    }
}
