namespace LogPipe.Reports;

/// <summary>The reports LogPipe can keep besides the page counter (<c>--reports</c>), one Redis key a day each.</summary>
[Flags]
internal enum ReportKinds : ushort
{
    None = 0,

    /// <summary><c>views:D</c>, a string: all page views of the day.</summary>
    Views = 1 << 0,

    /// <summary><c>visitors:D</c>, a HyperLogLog: distinct (client address, user agent) pairs among page views.</summary>
    Visitors = 1 << 1,

    /// <summary><c>pages:D</c>, a sorted set: path to page views, capped like the page keys.</summary>
    Pages = 1 << 2,

    /// <summary><c>referrers:D</c>, a sorted set: referring host to page views, capped.</summary>
    Referrers = 1 << 3,

    /// <summary><c>campaigns:D</c>, a sorted set: <c>utm_source/utm_medium/utm_campaign</c> to page views, capped.</summary>
    Campaigns = 1 << 4,

    /// <summary><c>statuses:D</c>, a hash: status code to requests, every parsed line.</summary>
    Statuses = 1 << 5,

    /// <summary><c>crawlers:D</c>, a hash: crawler or tool name to requests.</summary>
    Crawlers = 1 << 6,

    /// <summary><c>minutes:D</c>, a hash: <c>HH:MM</c> to page views in that minute.</summary>
    Minutes = 1 << 7,

    All = Views | Visitors | Pages | Referrers | Campaigns | Statuses | Crawlers | Minutes,
}
