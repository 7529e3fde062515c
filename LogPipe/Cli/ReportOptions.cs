using System.CommandLine;
using System.Globalization;
using LogPipe.Reports;

namespace LogPipe.Cli;

/// <summary>
/// The options of the reports kept beside the page counter, as one group: which reports, how long their keys are
/// kept, what every key starts with, and which referring hosts do not count.
/// </summary>
internal sealed class ReportOptions
{
    public const int DefaultKeepDays = 35;

    // Ten years: a report older than that is history for a database, not for Redis.
    private const int MaximumKeepDays = 3650;

    // A prefix names a site or an application in a shared Redis: a few dozen bytes at most.
    private const int MaximumKeyPrefixLength = 128;

    // A referrer-spam list holds a few thousand hosts; a file far larger than that is the wrong file.
    private const long MaximumIgnoreFileBytes = 16 * 1024 * 1024;

    public Option<string> Reports { get; } = new("--reports")
    {
        Description = $"Reports kept besides the hits: counters, one Redis key a day each: all, none (only the hits: counters), or a comma-separated list of {ReportCatalog.Names}. See README, Reports.",
        DefaultValueFactory = _ => "all",
        HelpName = "list",
    };

    public Option<string> KeepDays { get; } = new("--keep-days")
    {
        Description = "Days a report's key is kept after its day has ended (in every time zone), so weeks and months can be read.",
        DefaultValueFactory = _ => DefaultKeepDays.ToString(CultureInfo.InvariantCulture),
        HelpName = "days",
    };

    public Option<string> KeyPrefix { get; } = new("--key-prefix")
    {
        Description = "Text every key LogPipe writes starts with (hits, reports, its own logpipe: keys), so several sites can share one Redis, e.g. 'blog:'.",
        DefaultValueFactory = _ => string.Empty,
        HelpName = "text",
    };

    public Option<string?> SiteHost { get; } = new("--site-host")
    {
        Description = "The site's own host names, comma-separated: referers from them are not counted in the referrers report. [default: each line's virtual host, when the format has %v]",
        HelpName = "list",
    };

    public Option<string?> IgnoreReferrers { get; } = new("--ignore-referrers")
    {
        Description = "File of referring hosts not to count, one a line, subdomains included ('#' starts a comment): the form of the public referrer-spam lists.",
        HelpName = "path",
    };

    public IEnumerable<Option> All => [Reports, KeepDays, KeyPrefix, SiteHost, IgnoreReferrers];

    /// <summary>Reads the group's values, or says in one line which one is wrong.</summary>
    public bool TryRead(ParseResult parsed, out ReportSettings? settings, out string? error)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        settings = null;
        if (!ReportCatalog.TryParse(parsed.GetValue(Reports)!, out var reports, out error))
        {
            error = $"--reports: {error}";
            return false;
        }

        var keepDaysText = parsed.GetValue(KeepDays)!;
        if (!int.TryParse(keepDaysText, NumberStyles.None, CultureInfo.InvariantCulture, out var keepDays) || keepDays < 1 || keepDays > MaximumKeepDays)
        {
            error = $"--keep-days: '{keepDaysText}' must be a whole number from 1 to {MaximumKeepDays}";
            return false;
        }

        var keyPrefix = parsed.GetValue(KeyPrefix)!;
        if (!IsKeyPrefix(keyPrefix, out error))
        {
            return false;
        }

        var siteHosts = new List<string>();
        foreach (var host in (parsed.GetValue(SiteHost) ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!IsHostName(host))
            {
                error = $"--site-host: '{host}' is not a host name, e.g. www.example.com";
                return false;
            }

            siteHosts.Add(host.ToLowerInvariant());
        }

        var ignored = new List<string>();
        if (parsed.GetValue(IgnoreReferrers) is { } path && !TryReadHosts(path, ignored, out error))
        {
            error = $"--ignore-referrers: {error}";
            return false;
        }

        settings = new ReportSettings
        {
            Reports = reports,
            ReportsGiven = parsed.GetResult(Reports) is { Implicit: false },
            KeepDays = keepDays,
            KeyPrefix = keyPrefix,
            SiteHosts = siteHosts,
            IgnoredReferrers = ignored,
        };
        return true;
    }

    /// <summary>The check of <c>--key-prefix</c>, for the daemon that writes under it and the commands that read it.</summary>
    public static bool IsKeyPrefix(string keyPrefix, out string? error)
    {
        ArgumentNullException.ThrowIfNull(keyPrefix);
        error = keyPrefix.Length > MaximumKeyPrefixLength || keyPrefix.Any(char.IsControl)
            ? $"--key-prefix: must be at most {MaximumKeyPrefixLength} characters, with no control characters"
            : null;
        return error is null;
    }

    private static bool TryReadHosts(string path, List<string> hosts, out string? error)
    {
        error = null;
        try
        {
            if (new FileInfo(path).Length > MaximumIgnoreFileBytes)
            {
                error = $"'{path}' is larger than {MaximumIgnoreFileBytes / 1024 / 1024} MiB; give a list of hosts, one a line";
                return false;
            }

            var number = 0;
            foreach (var line in File.ReadLines(path))
            {
                number++;
                var host = line.Split('#', 2)[0].Trim();
                if (host.Length == 0)
                {
                    continue;
                }

                if (!IsHostName(host))
                {
                    error = $"{path}:{number}: '{host}' is not a host name";
                    return false;
                }

                hosts.Add(host.ToLowerInvariant());
            }

            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error = $"cannot read '{path}': {ex.Message}";
            return false;
        }
    }

    // Letters, digits, '-', '.', '_' (seen in real referers), up to the length DNS allows.
    private static bool IsHostName(string host) =>
        host.Length is > 0 and <= ReferrerHost.MaxLength && host.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_');
}
