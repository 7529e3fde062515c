using System.Globalization;
using LogPipe.Reports;
using StackExchange.Redis;

namespace LogPipe.Reporting;

/// <summary>
/// The names of a day's report keys, as the daemon writes them (<see cref="ReportCatalog"/>, <see cref="Counting.KeyTemplate.ForReport"/>):
/// <c>{prefix}{host:}{name}:{yyyy-MM-dd}</c>, e.g. <c>views:2026-12-06</c>, or <c>example.com:views:2026-12-06</c> for a
/// host's reports under a <c>{host}</c> key template.
/// </summary>
internal sealed class ReportKeys
{
    public const string Views = ReportCatalog.Views;
    public const string Visitors = ReportCatalog.Visitors;
    public const string Pages = ReportCatalog.Pages;
    public const string Referrers = ReportCatalog.Referrers;
    public const string Campaigns = ReportCatalog.Campaigns;
    public const string Statuses = ReportCatalog.Statuses;
    public const string Crawlers = ReportCatalog.Crawlers;
    public const string Minutes = ReportCatalog.Minutes;

    private readonly string _start;

    /// <param name="prefix">The daemon's <c>--key-prefix</c>; empty for none.</param>
    /// <param name="host">The virtual host whose reports to read, or null for reports kept without a host.</param>
    public ReportKeys(string prefix, string? host)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        Host = host;
        _start = host is null ? prefix : $"{prefix}{host}:";
    }

    public string? Host { get; }

    public RedisKey For(string name, DateOnly day) =>
        $"{_start}{name}:{day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";

    public RedisKey[] For(string name, ReportPeriod period)
    {
        ArgumentNullException.ThrowIfNull(period);
        var keys = new RedisKey[period.Days];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = For(name, period.From.AddDays(i));
        }

        return keys;
    }
}
