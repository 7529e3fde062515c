using System.Runtime.CompilerServices;
using LogPipe.Counting;
using LogPipe.Parsing;
using LogPipe.Reports;

namespace LogPipe.Pipeline;

/// <summary>
/// Feeds a line's reports: every request the statuses and crawlers reports, a page view the minutes, visitors,
/// referrers and campaigns reports. Members of many values (visitors, referring hosts, campaigns) are keys written into
/// the chunk's <see cref="KeyBatch"/>, counted like any other; the few-valued ones are tallied (<see cref="DayTally"/>).
/// The views and pages reports need nothing per line: they take the page keys' counts at flush time
/// (<see cref="CounterMirror"/>). No allocation per line.
/// </summary>
internal sealed class ReportWriter
{
    /// <summary>Most keys a line writes (visitor, referrer, campaign); the page key aside.</summary>
    public const int KeysPerLine = 3;

    private readonly byte _visitors;
    private readonly byte _referrers;
    private readonly byte _campaigns;
    private readonly bool _crawlers;
    private readonly ReferrerFilter _referrerFilter;
    private readonly DayTally _tally;
    private readonly byte[] _member;

    /// <param name="reports">The reports kept; off ones write nothing.</param>
    /// <param name="referrerFilter">Which referring hosts are left out.</param>
    /// <param name="crawlerNames">The name of each crawler id, as the crawlers report writes it.</param>
    /// <param name="maxMemberLength">Longest campaign member; a longer one counts as <c>(other)</c>.</param>
    public ReportWriter(ReportCounters reports, ReferrerFilter referrerFilter, IReadOnlyList<byte[]> crawlerNames, int maxMemberLength)
    {
        ArgumentNullException.ThrowIfNull(reports);
        ArgumentNullException.ThrowIfNull(referrerFilter);
        ArgumentNullException.ThrowIfNull(crawlerNames);
        _visitors = reports.Visitors?.Id ?? 0;
        _referrers = reports.Referrers?.Id ?? 0;
        _campaigns = reports.Campaigns?.Id ?? 0;
        _crawlers = reports.Crawlers is not null;
        CountsEveryRequest = reports.Statuses is not null || reports.Crawlers is not null;
        _referrerFilter = referrerFilter;
        _tally = new DayTally(reports.Statuses?.Id ?? 0, reports.Minutes?.Id ?? 0, reports.Crawlers?.Id ?? 0, crawlerNames);
        _member = new byte[Math.Max(maxMemberLength, ReferrerHost.MaxLength)];
        var longestName = 0;
        foreach (var name in crawlerNames)
        {
            longestName = Math.Max(longestName, name.Length);
        }

        MaxMemberLength = Math.Max(_member.Length, longestName);
        WantedFields =
            (_visitors != 0 ? LogFormat.FieldBit(LogField.Client) | LogFormat.FieldBit(LogField.UserAgent) : 0)
            | (_referrers != 0 ? LogFormat.FieldBit(LogField.Referer) : 0)
            | (_referrers != 0 && referrerFilter.UsesVirtualHost ? LogFormat.FieldBit(LogField.VirtualHost) : 0);
    }

    /// <summary>Longest member written.</summary>
    public int MaxMemberLength { get; }

    /// <summary>Fields a page view's reports read, beyond the required ones (<see cref="LogFormat.FieldBit"/> mask).</summary>
    public uint WantedFields { get; }

    /// <summary>True when every request's user agent is classified, not only a page view's: for the crawlers report.</summary>
    public bool CountsCrawlers => _crawlers;

    /// <summary>True when every request counts, not only page views: for the statuses and crawlers reports.</summary>
    public bool CountsEveryRequest { get; }

    /// <summary>
    /// The reports of every parsed request: its status, and the crawler it is, if any (<paramref name="crawler"/> ≥ 0).
    /// A tally of another day or host is spilled into <paramref name="keys"/> first, <paramref name="makeRoom"/> counting
    /// the batch when it is full; the batch then has room for the line's keys.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public void OnRequest(ReadOnlySpan<byte> status, int crawler, ReadOnlySpan<byte> date, ReadOnlySpan<byte> host, KeyBatch keys, Action makeRoom)
    {
        if (!_tally.TryTake(date, host))
        {
            SpillForAnother(date, host, keys, makeRoom);
        }

        _tally.CountRequest(status, crawler);
    }

    /// <summary>The reports of a page view at <paramref name="entry"/>'s time, after <see cref="OnRequest"/>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public void OnPageView(scoped in LogEntry entry, ReadOnlySpan<byte> date, ReadOnlySpan<byte> host, KeyBatch keys)
    {
        _tally.CountPageView(entry.Time);
        if (_visitors != 0)
        {
            Span<byte> visitor = stackalloc byte[VisitorId.Length];
            VisitorId.Write(entry.Client, entry.UserAgent, visitor);
            keys.Commit(CounterKey.Write(_visitors, date, host, visitor, keys.NextKey));
        }

        // A referer of "-" or none is a byte or nothing: most page views of a site stop at this test.
        if (_referrers != 0 && entry.Referer.Length > 1)
        {
            WriteReferrer(entry.Referer, entry.VirtualHost, date, host, keys);
        }

        if (_campaigns != 0)
        {
            var length = CampaignTag.Write(entry.Target, _member);
            if (length >= 0)
            {
                keys.Commit(CounterKey.Write(_campaigns, date, host, _member.AsSpan(0, length), keys.NextKey));
            }
        }
    }

    /// <summary>Writes the tally's counts into <paramref name="keys"/> (see <see cref="DayTally.Spill"/>).</summary>
    public void Spill(KeyBatch keys, Action makeRoom) => _tally.Spill(keys, makeRoom);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void SpillForAnother(ReadOnlySpan<byte> date, ReadOnlySpan<byte> host, KeyBatch keys, Action makeRoom)
    {
        _tally.Spill(keys, makeRoom);
        if (keys.IsFull)
        {
            makeRoom();
        }

        _tally.TryTake(date, host);
    }

    private void WriteReferrer(ReadOnlySpan<byte> referer, ReadOnlySpan<byte> virtualHost, ReadOnlySpan<byte> date, ReadOnlySpan<byte> host, KeyBatch keys)
    {
        var length = ReferrerHost.Write(referer, _member);
        if (length > 0 && _referrerFilter.Counts(_member.AsSpan(0, length), virtualHost))
        {
            keys.Commit(CounterKey.Write(_referrers, date, host, _member.AsSpan(0, length), keys.NextKey));
        }
    }
}
