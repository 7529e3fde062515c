using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace LogPipe.Filtering;

/// <summary>
/// What makes a user agent a crawler or a tool, and the name each match reports: the crawler-user-agents list embedded
/// from Data/ (see Data/README.md), split into plain text and the few real regular expressions, then generic words and
/// HTTP tools of our own. Built once per process, off the per-line path; <see cref="CrawlerMatcher"/> does the matching.
/// </summary>
internal sealed class CrawlerList
{
    /// <summary>The embedded list's name in the assembly; fixed in LogPipe.csproj, not derived from the folder.</summary>
    public const string ResourceName = "LogPipe.Filtering.crawler-user-agents.txt";

    /// <summary>The id of <see cref="NoUserAgentName"/>, always 0.</summary>
    public const int NoUserAgentId = 0;

    /// <summary>An empty user agent or Apache's <c>-</c> for none: browsers always send one, scripts often do not.</summary>
    public const string NoUserAgentName = "(no user agent)";

    // Words crawlers put in their names when the list does not know them yet. Case-insensitive: "Bot", "BOT" and "bot" all occur.
    private static readonly string[] s_genericTokens = ["bot", "crawl", "spider", "slurp"];

    // HTTP clients and headless browsers, which fetch pages for scripts, not for people.
    private static readonly string[] s_toolTokens =
        ["curl", "wget", "python-requests", "python-urllib", "Go-http-client", "Java/", "libwww-perl", "okhttp", "HeadlessChrome"];

    // Regular-expression syntax outside a backslash escape. A pattern with none of these, once its escapes of punctuation
    // are undone, is plain text.
    private static readonly SearchValues<char> s_metacharacters = SearchValues.Create(".^$|?*+()[]{}");

    private static readonly Lazy<CrawlerList> s_default = new(LoadEmbedded);

    private readonly string[] _names;

    private CrawlerList(string[] names, CrawlerPattern[] literals, CrawlerPattern[] regexes, CrawlerPattern[] tokens)
    {
        _names = names;
        ReportNames = Array.ConvertAll(names, ReportNameOf);
        ReportNameBytes = Array.ConvertAll(names, name => Encoding.UTF8.GetBytes(ReportNameOf(name)));
        Literals = literals;
        Regexes = regexes;
        Tokens = tokens;
    }

    /// <summary>The embedded list with the generic words and tools, loaded on first use.</summary>
    public static CrawlerList Default => s_default.Value;

    /// <summary>Every name a match can report, by id: <see cref="NoUserAgentName"/>, the list's patterns, then the tokens.</summary>
    public IReadOnlyList<string> Names => _names;

    /// <summary>
    /// What the crawlers report calls each match, by id: the pattern as plain text where it is one once its anchors and
    /// escapes are undone, a class of letters taken as its first and a group as its first alternative, without a
    /// trailing <c>/</c> (<c>Googlebot\/</c> is <c>Googlebot</c>, <c>^curl</c> is <c>curl</c>, <c>[wW]get</c> is
    /// <c>wget</c>); else the pattern as written. Several patterns may share a name; their requests then add up.
    /// </summary>
    public IReadOnlyList<string> ReportNames { get; }

    /// <summary><see cref="ReportNames"/> in UTF-8, as the report's members are written.</summary>
    public IReadOnlyList<byte[]> ReportNameBytes { get; }

    /// <summary>List entries that are plain text: found case-sensitively, as the list's patterns are meant.</summary>
    public IReadOnlyList<CrawlerPattern> Literals { get; }

    /// <summary>List entries that need a regular expression; case-sensitive.</summary>
    public IReadOnlyList<CrawlerPattern> Regexes { get; }

    /// <summary>Generic words and tools, found case-insensitively; a list entry is preferred when both match.</summary>
    public IReadOnlyList<CrawlerPattern> Tokens { get; }

    /// <summary>
    /// A list from <paramref name="patterns"/>: one crawler-user-agents pattern a line, lines starting with <c>#</c>
    /// ignored. Spaces at either end of a line belong to its pattern. Each pattern's name is its text as written.
    /// </summary>
    public static CrawlerList Parse(TextReader patterns)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        var names = new List<string> { NoUserAgentName };
        var literals = new List<CrawlerPattern>();
        var regexes = new List<CrawlerPattern>();
        while (patterns.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var id = names.Count;
            names.Add(line);
            if (TryUnescape(line, out var literal))
            {
                literals.Add(new CrawlerPattern(literal, id));
            }
            else
            {
                regexes.Add(new CrawlerPattern(line, id));
            }
        }

        var tokens = new List<CrawlerPattern>();
        foreach (var token in (string[])[.. s_genericTokens, .. s_toolTokens])
        {
            tokens.Add(new CrawlerPattern(token, names.Count));
            names.Add(token);
        }

        return new CrawlerList([.. names], [.. literals], [.. regexes], [.. tokens]);
    }

    /// <summary>
    /// The plain text a pattern matches when it is one: <c>Googlebot\/</c> is <c>Googlebot/</c>. A backslash before
    /// punctuation or a space only makes it literal; before a letter or digit (<c>\d</c>, <c>\s</c>) it is a class.
    /// </summary>
    internal static bool TryUnescape(string pattern, [NotNullWhen(true)] out string? literal)
    {
        literal = null;
        var text = new StringBuilder(pattern.Length);
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\')
            {
                if (i + 1 == pattern.Length || char.IsAsciiLetterOrDigit(pattern[i + 1]) || !char.IsAscii(pattern[i + 1]))
                {
                    return false;
                }

                text.Append(pattern[++i]);
            }
            else if (s_metacharacters.Contains(c))
            {
                return false;
            }
            else
            {
                text.Append(c);
            }
        }

        literal = text.ToString();
        return literal.Length > 0;
    }

    private static string ReportNameOf(string name)
    {
        if (name == NoUserAgentName || !TryUnescape(Simplify(name.TrimStart('^').TrimEnd('$')), out var literal))
        {
            return name;
        }

        var trimmed = literal.Trim().TrimEnd('/');
        return trimmed.Length > 0 ? trimmed : name;
    }

    // A pattern's first spelling: a class of letters is its first one, a group of alternatives its first, so that
    // S[eE][mM]rushBot reads SemrushBot and Ahrefs(Bot|SiteAudit) AhrefsBot. Anything else is left for TryUnescape to refuse.
    private static string Simplify(string pattern)
    {
        var text = new StringBuilder(pattern.Length);
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            var close = c switch
            {
                '[' => pattern.IndexOf(']', i + 1),
                '(' => pattern.IndexOf(')', i + 1),
                _ => -1,
            };
            var inner = close > i + 1 ? pattern[(i + 1)..close] : null;
            if (c == '[' && inner is not null && inner.All(char.IsAsciiLetterOrDigit))
            {
                text.Append(inner[0]);
                i = close;
            }
            else if (c == '(' && inner is not null && !inner.Contains('(', StringComparison.Ordinal))
            {
                text.Append(inner.Split('|')[0]);
                i = close;
            }
            else
            {
                text.Append(c);
                if (c == '\\' && i + 1 < pattern.Length)
                {
                    text.Append(pattern[++i]);
                }
            }
        }

        return text.ToString();
    }

    private static CrawlerList LoadEmbedded()
    {
        using var stream = typeof(CrawlerList).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"the crawler list {ResourceName} is not embedded in the assembly");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return Parse(reader);
    }
}
