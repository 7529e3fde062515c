using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;

namespace LogPipe.Filtering;

/// <summary>
/// Finds which entry of a <see cref="CrawlerList"/> a user agent matches, if any: the list's plain-text entries first
/// (one vectorised search for all of them), then its few regular expressions, then the generic words and tools, so a
/// specific entry wins over "bot". Reports the match as an id into <see cref="CrawlerList.Names"/>. The work of a cache
/// miss, once per distinct user agent: <see cref="UserAgentClassifier"/> is what runs per line. Not thread-safe: it
/// decodes into a buffer of its own.
/// </summary>
internal sealed class CrawlerMatcher
{
    /// <summary>Returned when nothing matches.</summary>
    public const int NoMatch = -1;

    // Long enough for nearly every user agent; a longer one grows the buffer once.
    private const int InitialChars = 1024;

    private readonly SearchValues<string> _literals;
    private readonly Dictionary<char, CrawlerPattern[]> _literalsByFirstChar;
    private readonly Regex? _anyRegex;
    private readonly CrawlerPattern[] _regexPatterns;
    private readonly Regex[] _regexes;
    private readonly SearchValues<string> _tokens;
    private readonly CrawlerPattern[] _tokensLongestFirst;
    private char[] _chars = new char[InitialChars];

    public CrawlerMatcher(CrawlerList list)
    {
        ArgumentNullException.ThrowIfNull(list);
        var literals = new string[list.Literals.Count];
        var byFirstChar = new Dictionary<char, List<CrawlerPattern>>();
        for (var i = 0; i < literals.Length; i++)
        {
            var literal = list.Literals[i];
            literals[i] = literal.Text;
            if (!byFirstChar.TryGetValue(literal.Text[0], out var sameStart))
            {
                byFirstChar.Add(literal.Text[0], sameStart = []);
            }

            sameStart.Add(literal);
        }

        _literals = SearchValues.Create(literals, StringComparison.Ordinal);
        _literalsByFirstChar = [];
        foreach (var (first, sameStart) in byFirstChar)
        {
            _literalsByFirstChar.Add(first, LongestFirst(sameStart));
        }

        // The user agent comes from the client, so a pattern must not take time that grows faster than its length:
        // NonBacktracking runs in linear time whatever the input. One alternation of them all answers "none" (a
        // browser, the usual miss) in one pass; the patterns one by one only tell which entry it was.
        const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.NonBacktracking;
        _regexPatterns = [.. list.Regexes];
        _regexes = new Regex[_regexPatterns.Length];
        var any = new StringBuilder();
        for (var i = 0; i < _regexPatterns.Length; i++)
        {
            _regexes[i] = new Regex(_regexPatterns[i].Text, Options);
            any.Append(i == 0 ? "(?:" : "|(?:").Append(_regexPatterns[i].Text).Append(')');
        }

        _anyRegex = _regexPatterns.Length == 0 ? null : new Regex(any.ToString(), Options);

        var tokens = new string[list.Tokens.Count];
        for (var i = 0; i < tokens.Length; i++)
        {
            tokens[i] = list.Tokens[i].Text;
        }

        _tokens = SearchValues.Create(tokens, StringComparison.OrdinalIgnoreCase);
        _tokensLongestFirst = LongestFirst([.. list.Tokens]);
    }

    /// <summary>
    /// The id of the entry <paramref name="userAgent"/> matches, or <see cref="NoMatch"/>. The bytes are as Apache logs
    /// them: it writes any byte outside printable ASCII as <c>\xHH</c>, so they are read as Latin-1, one char each.
    /// </summary>
    public int Match(ReadOnlySpan<byte> userAgent)
    {
        if (IsMissing(userAgent))
        {
            return CrawlerList.NoUserAgentId;
        }

        if (userAgent.Length > _chars.Length)
        {
            _chars = new char[Math.Max(userAgent.Length, _chars.Length * 2)];
        }

        var length = Encoding.Latin1.GetChars(userAgent, _chars);
        return MatchDecoded(_chars.AsSpan(0, length));
    }

    /// <summary>An empty user agent, or <c>-</c>: Apache's <c>%{User-Agent}i</c> when the request had none.</summary>
    internal static bool IsMissing(ReadOnlySpan<byte> userAgent) =>
        userAgent.Length == 0 || (userAgent.Length == 1 && userAgent[0] == (byte)'-');

    private int MatchDecoded(ReadOnlySpan<char> userAgent)
    {
        var at = userAgent.IndexOfAny(_literals);
        if (at >= 0)
        {
            return LongestAt(userAgent[at..], _literalsByFirstChar[userAgent[at]], StringComparison.Ordinal);
        }

        if (_anyRegex is not null && _anyRegex.IsMatch(userAgent))
        {
            for (var i = 0; i < _regexes.Length; i++)
            {
                if (_regexes[i].IsMatch(userAgent))
                {
                    return _regexPatterns[i].Id;
                }
            }
        }

        at = userAgent.IndexOfAny(_tokens);
        return at < 0 ? NoMatch : LongestAt(userAgent[at..], _tokensLongestFirst, StringComparison.OrdinalIgnoreCase);
    }

    // Where several patterns start at the position found, the longest is the most specific: "Googlebot-Image", not "Googlebot".
    private static int LongestAt(ReadOnlySpan<char> from, CrawlerPattern[] longestFirst, StringComparison comparison)
    {
        foreach (var pattern in longestFirst)
        {
            if (from.StartsWith(pattern.Text, comparison))
            {
                return pattern.Id;
            }
        }

        // SearchValues found one of these patterns here, so one of them starts here.
        throw new InvalidOperationException("no pattern starts where one was found");
    }

    private static CrawlerPattern[] LongestFirst(List<CrawlerPattern> patterns)
    {
        // Among patterns of one length, the list's order (their ids) decides, so a match never depends on the sort.
        var sorted = patterns.ToArray();
        Array.Sort(sorted, static (a, b) => a.Text.Length != b.Text.Length
            ? b.Text.Length.CompareTo(a.Text.Length)
            : a.Id.CompareTo(b.Id));
        return sorted;
    }
}
