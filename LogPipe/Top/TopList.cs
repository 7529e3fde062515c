namespace LogPipe.Top;

/// <summary>The lists <c>top</c> shows one at a time, in the order Tab steps through them.</summary>
internal enum TopList
{
    Pages,
    Referrers,
    Campaigns,
    Crawlers,
}
