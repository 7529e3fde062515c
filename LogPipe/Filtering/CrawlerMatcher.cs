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

    // Where a pattern may repeat: an escaped one (\*) only makes it look so, which is safe.
    private static readonly SearchValues<char> s_quantifiers = SearchValues.Create("*+{");

    private readonly SearchValues<string> _literals;
    private readonly Dictionary<char, CrawlerPattern[]> _literalsByFirstChar;
    private readonly RegexEntry[] _regexes;
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

        _regexes = new RegexEntry[list.Regexes.Count];
        for (var i = 0; i < _regexes.Length; i++)
        {
            _regexes[i] = new RegexEntry(list.Regexes[i]);
        }

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

        foreach (var regex in _regexes)
        {
            if (regex.IsMatch(userAgent))
            {
                return regex.Id;
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

    /// <summary>
    /// One of the list's regular expressions, run so that its time grows no faster than the user agent's length, which
    /// the client chooses (up to --max-line-length). Without a quantifier (alternatives, classes, anchors: all but a few)
    /// the backtracking interpreter does a bounded amount of work per position. With one (<c>Spider[\s\S]*spider\.com</c>)
    /// it can take time quadratic in the length, so a long user agent goes to a NonBacktracking copy, linear whatever
    /// the input. That copy costs milliseconds to build, where the interpreter's costs microseconds, so it is built
    /// only when a user agent that long first comes. No match timeout: it is wall-clock time, and on a loaded machine
    /// it would fail ordinary user agents at random. Either runs only on a user agent holding text the pattern
    /// requires (<see cref="RequiredLiterals"/>): a browser is checked against every pattern, and that search is a
    /// vectorised scan, where the interpreter tries a match at each position.
    /// </summary>
    private sealed class RegexEntry
    {
        // The interpreter's worst case here, a quantifier retried from every position, is 1024² / 2 simple steps:
        // about a millisecond, once per distinct user agent (the classifier caches the answer).
        private const int BacktrackingMaxChars = 1024;

        private const RegexOptions Options = RegexOptions.CultureInvariant;

        private readonly string _pattern;
        private readonly SearchValues<string>? _required;
        private readonly Regex _backtracking;
        private readonly bool _quantified;
        private Regex? _linear;

        public RegexEntry(CrawlerPattern pattern)
        {
            _pattern = pattern.Text;
            _backtracking = new Regex(_pattern, Options, Regex.InfiniteMatchTimeout);
            if (RequiredLiterals.Of(_pattern) is { } required)
            {
                _required = SearchValues.Create(required, StringComparison.Ordinal);
            }

            _quantified = _pattern.AsSpan().IndexOfAny(s_quantifiers) >= 0;
            Id = pattern.Id;
        }

        public int Id { get; }

        public bool IsMatch(ReadOnlySpan<char> userAgent)
        {
            if (_required is not null && userAgent.IndexOfAny(_required) < 0)
            {
                return false;
            }

            if (!_quantified || userAgent.Length <= BacktrackingMaxChars)
            {
                return _backtracking.IsMatch(userAgent);
            }

            _linear ??= new Regex(_pattern, Options | RegexOptions.NonBacktracking, Regex.InfiniteMatchTimeout);
            return _linear.IsMatch(userAgent);
        }
    }
}
