namespace LogPipe.Reporting;

/// <summary>The figures of a day or a range of days, as read from the report keys: a plain model the writers and the screen show.</summary>
internal sealed record Report
{
    public required ReportPeriod Period { get; init; }

    /// <summary>The virtual host whose reports these are, or null.</summary>
    public string? Host { get; init; }

    public long Views { get; init; }

    /// <summary>Distinct visitors (HyperLogLog estimate, about 0.8% off); over a range, the union of the days', not their sum.</summary>
    public long Visitors { get; init; }

    public RankedList Pages { get; init; } = RankedList.Empty;

    public RankedList Referrers { get; init; } = RankedList.Empty;

    public RankedList Campaigns { get; init; } = RankedList.Empty;

    /// <summary>Requests by status code, codes in ascending order.</summary>
    public IReadOnlyList<Tally> Statuses { get; init; } = [];

    /// <summary>Requests by crawler or tool, highest first.</summary>
    public IReadOnlyList<Tally> Crawlers { get; init; } = [];

    /// <summary>Page views by minute of the day (1,440, 00:00 first) for one day; empty for a range.</summary>
    public IReadOnlyList<long> Minutes { get; init; } = [];

    /// <summary>For one day, the day before's page views per minute, as <see cref="Minutes"/>: an hour that began before midnight.</summary>
    public IReadOnlyList<long> MinutesOfDayBefore { get; init; } = [];

    public StatusMix StatusMix => StatusMix.From(Statuses);

    public long CrawlerRequests => Crawlers.Sum(c => c.Count);

    /// <summary>
    /// Crawlers' part of the traffic: crawler requests / (crawler requests + page views). Page views are people's (the
    /// page-view rule leaves crawlers out), so this is "of the requests made by a person viewing a page or by a crawler,
    /// the part the crawlers made". Null when there was neither.
    /// </summary>
    public double? CrawlerShare => CrawlerRequests + Views is var all and > 0 ? (double)CrawlerRequests / all : null;

    /// <summary>Whether any report key of the period held anything.</summary>
    public bool HasData =>
        Views > 0 || Visitors > 0 || Pages.Distinct > 0 || Referrers.Distinct > 0 || Campaigns.Distinct > 0
        || Statuses.Count > 0 || Crawlers.Count > 0 || Minutes.Any(m => m > 0);

    /// <summary>What a reader should know when there is nothing to show, else null.</summary>
    public string? Note => HasData
        ? null
        : $"no data for {Period}: no report keys found (are reports written to this Redis, with this --key-prefix{(Host is null ? string.Empty : " and --host")}?)";
}
