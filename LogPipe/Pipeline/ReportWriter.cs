using System.Runtime.CompilerServices;
using LogPipe.Counting;
using LogPipe.Parsing;
using LogPipe.Reports;

namespace LogPipe.Pipeline;

/// <summary>
/// Writes a line's report keys into the chunk's <see cref="KeyBatch"/>, next to its page key: a member per report the
/// line feeds, counted like any other key. Every request feeds the statuses and crawlers reports; a page view the others.
/// No allocation per line.
/// </summary>
internal sealed class ReportWriter
{
    // "[10/Oct/2000:13:55:36 -0700]": the hour and minute, as written.
    private const int MinuteOffset = 13;
    private const int MinuteLength = 5;

    private readonly byte _views;
    private readonly byte _visitors;
    private readonly byte _pages;
    private readonly byte _referrers;
    private readonly byte _campaigns;
    private readonly byte _statuses;
    private readonly byte _crawlers;
    private readonly byte _minutes;
    private readonly ReferrerFilter _referrerFilter;
    private readonly IReadOnlyList<byte[]> _crawlerNames;
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
        _views = reports.Views?.Id ?? 0;
        _visitors = reports.Visitors?.Id ?? 0;
        _pages = reports.Pages?.Id ?? 0;
        _referrers = reports.Referrers?.Id ?? 0;
        _campaigns = reports.Campaigns?.Id ?? 0;
        _statuses = reports.Statuses?.Id ?? 0;
        _crawlers = reports.Crawlers?.Id ?? 0;
        _minutes = reports.Minutes?.Id ?? 0;
        _referrerFilter = referrerFilter;
        _crawlerNames = crawlerNames;
        _member = new byte[Math.Max(maxMemberLength, ReferrerHost.MaxLength)];
        var longestName = 0;
        foreach (var name in crawlerNames)
        {
            longestName = Math.Max(longestName, name.Length);
        }

        MaxMemberLength = Math.Max(_member.Length, longestName);
        KeysPerLine = reports.All.Count;
        WantedFields =
            (_visitors != 0 ? LogFormat.FieldBit(LogField.Client) | LogFormat.FieldBit(LogField.UserAgent) : 0)
            | (_referrers != 0 ? LogFormat.FieldBit(LogField.Referer) : 0)
            | (_referrers != 0 && referrerFilter.UsesVirtualHost ? LogFormat.FieldBit(LogField.VirtualHost) : 0);
    }

    /// <summary>Most keys a line writes; the page key aside.</summary>
    public int KeysPerLine { get; }

    /// <summary>Longest member written.</summary>
    public int MaxMemberLength { get; }

    /// <summary>Fields a page view's reports read, beyond the required ones (<see cref="LogFormat.FieldBit"/> mask).</summary>
    public uint WantedFields { get; }

    /// <summary>True when every request's user agent is classified, not only a page view's: for the crawlers report.</summary>
    public bool CountsCrawlers => _crawlers != 0;

    /// <summary>The reports of every parsed request: its status, and the crawler it is, if any (<paramref name="crawler"/> ≥ 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void OnRequest(ReadOnlySpan<byte> status, int crawler, ReadOnlySpan<byte> date, ReadOnlySpan<byte> host, KeyBatch keys)
    {
        if (_statuses != 0 && !status.IsEmpty)
        {
            keys.Commit(CounterKey.Write(_statuses, date, host, status, keys.NextKey));
        }

        if (_crawlers != 0 && crawler >= 0)
        {
            keys.Commit(CounterKey.Write(_crawlers, date, host, _crawlerNames[crawler], keys.NextKey));
        }
    }

    /// <summary>The reports of a page view of <paramref name="path"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void OnPageView(scoped in LogEntry entry, ReadOnlySpan<byte> path, ReadOnlySpan<byte> date, ReadOnlySpan<byte> host, KeyBatch keys)
    {
        if (_views != 0)
        {
            keys.Commit(CounterKey.Write(_views, date, host, default, keys.NextKey));
        }

        if (_minutes != 0)
        {
            keys.Commit(CounterKey.Write(_minutes, date, host, entry.Time.Slice(MinuteOffset, MinuteLength), keys.NextKey));
        }

        if (_pages != 0)
        {
            keys.Commit(CounterKey.Write(_pages, date, host, path, keys.NextKey));
        }

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

    private void WriteReferrer(ReadOnlySpan<byte> referer, ReadOnlySpan<byte> virtualHost, ReadOnlySpan<byte> date, ReadOnlySpan<byte> host, KeyBatch keys)
    {
        var length = ReferrerHost.Write(referer, _member);
        if (length > 0 && _referrerFilter.Counts(_member.AsSpan(0, length), virtualHost))
        {
            keys.Commit(CounterKey.Write(_referrers, date, host, _member.AsSpan(0, length), keys.NextKey));
        }
    }
}
