namespace LogPipe.Filtering;

/// <summary>
/// One pattern of a <see cref="CrawlerList"/> and the id of the name it reports. The id, not the name, is what the
/// per-line path passes on: an index into <see cref="CrawlerList.Names"/>.
/// </summary>
/// <param name="Text">Plain text to find, or for <see cref="CrawlerList.Regexes"/> a regular expression.</param>
/// <param name="Id">Index of the name in <see cref="CrawlerList.Names"/>.</param>
internal readonly record struct CrawlerPattern(string Text, int Id);
