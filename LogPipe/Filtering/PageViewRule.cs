using System.Runtime.CompilerServices;
using LogPipe.Parsing;

namespace LogPipe.Filtering;

/// <summary>
/// Decides once per line what it is (<see cref="LineKind"/>) and, for a page view, which path it counts under. The
/// default rule: a counted method (GET), a counted status (2xx or 304), a target that names a page, a path that is not
/// an asset, and a user agent that is no crawler or tool; the path loses its query unless <c>--keep-query</c>.
/// <c>--count-all</c> is the 2009 rule: every line with a counted method, under its target as logged.
/// </summary>
internal sealed class PageViewRule
{
    private readonly MethodFilter _methods;
    private readonly StatusFilter? _statuses;
    private readonly AssetFilter _assets;
    private readonly UserAgentClassifier? _crawlers;
    private readonly bool _keepQuery;
    private readonly bool _countAll;

    /// <param name="methods">The methods that count.</param>
    /// <param name="statuses">The statuses that count; null when the log format records no status: every status counts.</param>
    /// <param name="assets">The extensions of static files.</param>
    /// <param name="crawlers">Null when the log format records no user agent: no line is then taken for a crawler's.</param>
    /// <param name="keepQuery">Count the path with its query string, as logged.</param>
    /// <param name="countAll">Count every line with a counted method under its target, whatever else it is.</param>
    public PageViewRule(MethodFilter methods, StatusFilter? statuses, AssetFilter assets, UserAgentClassifier? crawlers, bool keepQuery, bool countAll)
    {
        ArgumentNullException.ThrowIfNull(methods);
        ArgumentNullException.ThrowIfNull(assets);
        _methods = methods;
        _statuses = statuses;
        _assets = assets;
        _crawlers = crawlers;
        _keepQuery = keepQuery;
        _countAll = countAll;
        ChecksUserAgent = crawlers is not null && !countAll;
    }

    /// <summary>The fields a line must be read for, beyond the required ones (<see cref="LogFormat.FieldBit"/> mask).</summary>
    public uint WantedFields => _crawlers is null || _countAll ? 0 : LogFormat.FieldBit(LogField.UserAgent);

    /// <summary>True when a line the request alone makes a page view must still have its user agent checked.</summary>
    public bool ChecksUserAgent { get; }

    /// <summary>What <paramref name="entry"/> is; <paramref name="path"/> is what a page view counts under.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public LineKind Classify(scoped in LogEntry entry, out ReadOnlySpan<byte> path)
    {
        var kind = ClassifyRequest(entry, out path);
        return kind == LineKind.PageView && IsCrawler(entry.UserAgent) ? LineKind.Crawler : kind;
    }

    /// <summary>
    /// <see cref="Classify"/> without the user agent: what the request line and status make of the line. A page view
    /// here is one if <see cref="IsCrawler"/> says no, so that the user agent is read only for such lines.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public LineKind ClassifyRequest(scoped in LogEntry entry, out ReadOnlySpan<byte> path)
    {
        path = entry.Target;
        if (!_methods.Matches(entry.Method) || entry.Target.IsEmpty)
        {
            return LineKind.OtherMethod;
        }

        return _countAll ? LineKind.PageView : ClassifyByRule(entry, out path);
    }

    /// <summary>True when the rule checks user agents and <paramref name="userAgent"/> is a crawler's or a tool's.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool IsCrawler(ReadOnlySpan<byte> userAgent) => ClassifyUserAgent(userAgent) >= 0;

    /// <summary>
    /// The crawler or tool <paramref name="userAgent"/> is (an id of <see cref="CrawlerList.ReportNames"/>), or
    /// <see cref="UserAgentClassifier.NotACrawler"/>; always the latter when the rule does not check user agents.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int ClassifyUserAgent(ReadOnlySpan<byte> userAgent) =>
        ChecksUserAgent ? _crawlers!.Classify(userAgent) : UserAgentClassifier.NotACrawler;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private LineKind ClassifyByRule(scoped in LogEntry entry, out ReadOnlySpan<byte> path)
    {
        if (_statuses is not null && !_statuses.Matches(entry.Status))
        {
            path = default;
            return LineKind.Error;
        }

        if (!PagePath.TryFind(entry.Target, out var withQuery, out path))
        {
            return LineKind.NotAPage;
        }

        if (_assets.Matches(path))
        {
            return LineKind.Asset;
        }

        if (_keepQuery)
        {
            path = withQuery;
        }

        return LineKind.PageView;
    }
}
