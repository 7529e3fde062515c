using System.Collections.ObjectModel;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace LogPipe.LogGen;

/// <summary>
/// The reports (issue 16) a correct LogPipe must write for the lines an <see cref="AccessLogGenerator"/> wrote, known by
/// construction, per day (yyyy-MM-dd, the line's own timestamp day): page views, pages, visitors, referrers, campaigns
/// and minutes over the page views of <see cref="AccessLogGenerator.Expected"/>; statuses and crawlers over every line
/// LogPipe parses. Only days and keys with a count above zero are present.
/// </summary>
/// <remarks>
/// Referrer hosts and campaign members are bytes, held as Latin-1 strings (one char per byte):
/// <c>Encoding.Latin1.GetBytes(key)</c> gives the exact bytes, which need not be UTF-8 (<c>utm_campaign=caf%E9</c>).
/// </remarks>
public sealed class ExpectedReports
{
    /// <summary>What the crawlers report calls a request without a user agent: empty, <c>-</c> or cut off.</summary>
    public const string NoUserAgent = "(no user agent)";

    /// <summary>The longest host name DNS allows; a longer referring host is not counted.</summary>
    public const int MaxHostLength = 253;

    private const int MinutesPerDay = 24 * 60;
    private const int StatusCodes = 1000;

    private readonly string[] _dates;
    private readonly ExpectedCounts _pageViews;
    private readonly string[] _refererHosts;
    private readonly string[] _campaignMembers;
    private readonly string[] _crawlerNames;
    private readonly DayTally?[] _days;
    private Snapshot? _snapshot;

    internal ExpectedReports(string[] dates, ExpectedCounts pageViews, string[] refererHosts, string[] campaignMembers, string[] crawlerNames)
    {
        _dates = dates;
        _pageViews = pageViews;
        _refererHosts = refererHosts;
        _campaignMembers = campaignMembers;
        _crawlerNames = crawlerNames;
        _days = new DayTally?[dates.Length];
    }

    /// <summary>Page views per day.</summary>
    public IReadOnlyDictionary<string, long> Views => Build().Views;

    /// <summary>Per day, page path (without query) -> page views: the day's part of <see cref="AccessLogGenerator.Expected"/>.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> Pages => Build().Pages;

    /// <summary>
    /// Per day, the exact number of distinct (client address bytes, user agent bytes) pairs among page views; the common
    /// format has no user agent, so there it is the number of distinct client addresses.
    /// </summary>
    public IReadOnlyDictionary<string, long> Visitors => Build().Visitors;

    /// <summary>Per day, referring host (see <see cref="RefererHost"/>) -> page views; Latin-1 keys.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> Referrers => Build().Referrers;

    /// <summary>Per day, <c>source/medium/campaign</c> (see <see cref="CampaignMember"/>) -> page views; Latin-1 keys.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> Campaigns => Build().Campaigns;

    /// <summary>Per day, status code ("200") -> requests, over every line LogPipe parses (any method, client or path).</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> Statuses => Build().Statuses;

    /// <summary>
    /// Per day, crawler report name -> requests, over every parsed line whose user agent is a crawler's or a tool's
    /// (<see cref="NoUserAgent"/> included). Empty for the common format, which logs no user agent.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> Crawlers => Build().Crawlers;

    /// <summary>Per day, "HH:MM" of the timestamp as written -> page views in that minute.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> Minutes => Build().Minutes;

    /// <summary>
    /// The host a referer counts under, or null when it counts under none: the referer must be <c>scheme://...</c>; the
    /// host is what follows <c>://</c> up to the first '/', '?', '#' or the end, without a <c>userinfo@</c> prefix or a
    /// <c>:port</c> suffix (a bracketed IPv6 literal keeps its brackets), ASCII-lower-cased. Null for no URL, an empty
    /// host, one longer than <see cref="MaxHostLength"/> bytes, or <paramref name="siteHost"/> itself (any case).
    /// </summary>
    /// <returns>The host as a Latin-1 string (one char per byte).</returns>
    public static string? RefererHost(ReadOnlySpan<byte> referer, string siteHost)
    {
        ArgumentNullException.ThrowIfNull(siteHost);
        int schemeEnd = referer.IndexOf("://"u8);
        if (schemeEnd <= 0)
        {
            return null;
        }

        ReadOnlySpan<byte> authority = referer[(schemeEnd + 3)..];
        int end = authority.IndexOfAny("/?#"u8);
        if (end >= 0)
        {
            authority = authority[..end];
        }

        int at = authority.LastIndexOf((byte)'@');
        ReadOnlySpan<byte> host = at >= 0 ? authority[(at + 1)..] : authority;
        if (host.Length > 0 && host[0] == (byte)'[')
        {
            int close = host.IndexOf((byte)']');
            if (close >= 0)
            {
                host = host[..(close + 1)];
            }
        }
        else
        {
            int colon = host.IndexOf((byte)':');
            if (colon >= 0)
            {
                host = host[..colon];
            }
        }

        if (host.IsEmpty || host.Length > MaxHostLength)
        {
            return null;
        }

        var lower = new char[host.Length];
        for (int i = 0; i < host.Length; i++)
        {
            byte b = host[i];
            lower[i] = (char)(b is >= (byte)'A' and <= (byte)'Z' ? b + ('a' - 'A') : b);
        }

        var result = new string(lower);
        return string.Equals(result, siteHost, StringComparison.OrdinalIgnoreCase) ? null : result;
    }

    /// <summary>
    /// The campaign a request target counts under, or null when its query (after the first '?') has none of
    /// <c>utm_source</c>, <c>utm_medium</c>, <c>utm_campaign</c>: parameters split on '&amp;', names matched exactly, the
    /// first occurrence of each wins, values percent-decoded (%XX; a malformed % stays) with '+' as a space, a missing
    /// part empty. The member is source + "/" + medium + "/" + campaign.
    /// </summary>
    /// <returns>The member as a Latin-1 string (one char per byte).</returns>
    public static string? CampaignMember(ReadOnlySpan<byte> target)
    {
        int question = target.IndexOf((byte)'?');
        if (question < 0)
        {
            return null;
        }

        ReadOnlySpan<byte> query = target[(question + 1)..];
        string? source = null, medium = null, campaign = null;
        while (true)
        {
            int amp = query.IndexOf((byte)'&');
            ReadOnlySpan<byte> parameter = amp < 0 ? query : query[..amp];
            int equals = parameter.IndexOf((byte)'=');
            ReadOnlySpan<byte> name = equals < 0 ? parameter : parameter[..equals];
            ReadOnlySpan<byte> value = equals < 0 ? [] : parameter[(equals + 1)..];
            if (name.SequenceEqual("utm_source"u8))
            {
                source ??= PercentDecode(value);
            }
            else if (name.SequenceEqual("utm_medium"u8))
            {
                medium ??= PercentDecode(value);
            }
            else if (name.SequenceEqual("utm_campaign"u8))
            {
                campaign ??= PercentDecode(value);
            }

            if (amp < 0)
            {
                break;
            }

            query = query[(amp + 1)..];
        }

        return source is null && medium is null && campaign is null
            ? null
            : string.Concat(source, "/", medium, "/", campaign);
    }

    /// <summary>Writes every report as one JSON object, days and keys sorted (ordinal); see <c>loggen --help</c>.</summary>
    public void WriteJson(Stream output)
    {
        ArgumentNullException.ThrowIfNull(output);
        Snapshot snapshot = Build();
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        json.WriteString("site_host", AccessLogGenerator.SiteHost);
        json.WriteStartObject("days");
        foreach (string date in _dates)
        {
            if (!snapshot.Statuses.ContainsKey(date) && !snapshot.Views.ContainsKey(date))
            {
                continue;
            }

            json.WriteStartObject(date);
            json.WriteNumber("views", snapshot.Views.GetValueOrDefault(date));
            json.WriteNumber("visitors", snapshot.Visitors.GetValueOrDefault(date));
            WriteMap(json, "pages", snapshot.Pages, date);
            WriteMap(json, "referrers", snapshot.Referrers, date);
            WriteMap(json, "campaigns", snapshot.Campaigns, date);
            WriteMap(json, "statuses", snapshot.Statuses, date);
            WriteMap(json, "crawlers", snapshot.Crawlers, date);
            WriteMap(json, "minutes", snapshot.Minutes, date);
            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    internal void Reset()
    {
        Array.Clear(_days);
        _snapshot = null;
    }

    /// <summary>A line LogPipe parses: its status, and its crawler id (-1: none; 0: no user agent; 1 + bot index).</summary>
    internal void AddRequest(int day, int status, int crawler)
    {
        DayTally tally = Day(day);
        tally.Statuses[status]++;
        if (crawler >= 0)
        {
            tally.Crawlers[crawler]++;
        }

        _snapshot = null;
    }

    /// <summary>A page view; <paramref name="referer"/> and <paramref name="campaign"/> are -1 for none.</summary>
    internal void AddPageView(int day, int minute, long visitor, int referer, int campaign)
    {
        DayTally tally = Day(day);
        tally.Views++;
        tally.Minutes[minute]++;
        tally.Visitors.Add(visitor);
        if (referer >= 0)
        {
            tally.Referrers[referer]++;
        }

        if (campaign >= 0)
        {
            tally.Campaigns[campaign]++;
        }

        _snapshot = null;
    }

    private static string PercentDecode(ReadOnlySpan<byte> value)
    {
        var chars = new char[value.Length];
        int n = 0;
        for (int i = 0; i < value.Length; i++)
        {
            byte b = value[i];
            if (b == (byte)'+')
            {
                chars[n++] = ' ';
            }
            else if (b == (byte)'%' && i + 2 < value.Length && IsHex(value[i + 1]) && IsHex(value[i + 2]))
            {
                chars[n++] = (char)((HexValue(value[i + 1]) << 4) | HexValue(value[i + 2]));
                i += 2;
            }
            else
            {
                chars[n++] = (char)b;
            }
        }

        return new string(chars, 0, n);
    }

    private static bool IsHex(byte b) => char.IsAsciiHexDigit((char)b);

    private static int HexValue(byte b) => b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10;

    private static void WriteMap(Utf8JsonWriter json, string name, IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> byDay, string date)
    {
        json.WriteStartObject(name);
        if (byDay.TryGetValue(date, out IReadOnlyDictionary<string, long>? map))
        {
            var keys = new List<string>(map.Keys);
            keys.Sort(StringComparer.Ordinal);
            foreach (string key in keys)
            {
                json.WriteNumber(JsonKey(key), map[key]);
            }
        }

        json.WriteEndObject();
    }

    // Keys are Latin-1 strings of bytes: written as the text those bytes are in UTF-8, or, when they are not UTF-8, with
    // each byte from 0x80 up as \xHH (as redis-cli prints it), so that scripts see what Redis holds.
    private static string JsonKey(string latin1)
    {
        byte[] bytes = Encoding.Latin1.GetBytes(latin1);
        if (System.Text.Unicode.Utf8.IsValid(bytes))
        {
            return Encoding.UTF8.GetString(bytes);
        }

        var builder = new StringBuilder(bytes.Length * 2);
        foreach (byte b in bytes)
        {
            if (b < 0x80)
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\x{b:x2}");
            }
        }

        return builder.ToString();
    }

    private DayTally Day(int day) =>
        _days[day] ??= new DayTally(_refererHosts.Length, _campaignMembers.Length, _crawlerNames.Length);

    private Snapshot Build()
    {
        if (_snapshot is not null)
        {
            return _snapshot;
        }

        var views = new Dictionary<string, long>(StringComparer.Ordinal);
        var visitors = new Dictionary<string, long>(StringComparer.Ordinal);
        var pages = new Dictionary<string, IReadOnlyDictionary<string, long>>(StringComparer.Ordinal);
        var referrers = new Dictionary<string, IReadOnlyDictionary<string, long>>(StringComparer.Ordinal);
        var campaigns = new Dictionary<string, IReadOnlyDictionary<string, long>>(StringComparer.Ordinal);
        var statuses = new Dictionary<string, IReadOnlyDictionary<string, long>>(StringComparer.Ordinal);
        var crawlers = new Dictionary<string, IReadOnlyDictionary<string, long>>(StringComparer.Ordinal);
        var minutes = new Dictionary<string, IReadOnlyDictionary<string, long>>(StringComparer.Ordinal);

        foreach (KeyValuePair<(string Date, string Path), long> page in _pageViews.Counts)
        {
            if (!pages.TryGetValue(page.Key.Date, out IReadOnlyDictionary<string, long>? dayPages))
            {
                dayPages = new Dictionary<string, long>(StringComparer.Ordinal);
                pages.Add(page.Key.Date, dayPages);
            }

            ((Dictionary<string, long>)dayPages).Add(page.Key.Path, page.Value);
        }

        for (int d = 0; d < _days.Length; d++)
        {
            DayTally? tally = _days[d];
            if (tally is null)
            {
                continue;
            }

            string date = _dates[d];
            if (tally.Views > 0)
            {
                views.Add(date, tally.Views);
                visitors.Add(date, tally.Visitors.Count);
            }

            AddMap(referrers, date, tally.Referrers, i => _refererHosts[i]);
            AddMap(campaigns, date, tally.Campaigns, i => _campaignMembers[i]);
            AddMap(statuses, date, tally.Statuses, static i => i.ToString("000", CultureInfo.InvariantCulture));
            AddMap(crawlers, date, tally.Crawlers, i => _crawlerNames[i]);
            AddMap(minutes, date, tally.Minutes, static i => string.Create(CultureInfo.InvariantCulture, $"{i / 60:00}:{i % 60:00}"));
        }

        _snapshot = new Snapshot(
            views.AsReadOnly(), visitors.AsReadOnly(), pages.AsReadOnly(), referrers.AsReadOnly(), campaigns.AsReadOnly(),
            statuses.AsReadOnly(), crawlers.AsReadOnly(), minutes.AsReadOnly());
        return _snapshot;
    }

    // Several ids may share a key (the Googlebot desktop and smartphone agents are both "Googlebot"): their counts add up.
    private static void AddMap(Dictionary<string, IReadOnlyDictionary<string, long>> byDay, string date, long[] counts, Func<int, string> key)
    {
        var map = new Dictionary<string, long>(StringComparer.Ordinal);
        for (int i = 0; i < counts.Length; i++)
        {
            if (counts[i] > 0)
            {
                CollectionsMarshal.GetValueRefOrAddDefault(map, key(i), out _) += counts[i];
            }
        }

        if (map.Count > 0)
        {
            byDay.Add(date, new ReadOnlyDictionary<string, long>(map));
        }
    }

    private sealed class DayTally(int referers, int campaigns, int crawlers)
    {
        public long Views;
        public readonly HashSet<long> Visitors = [];
        public readonly long[] Referrers = new long[referers];
        public readonly long[] Campaigns = new long[campaigns];
        public readonly long[] Statuses = new long[StatusCodes];
        public readonly long[] Crawlers = new long[crawlers];
        public readonly long[] Minutes = new long[MinutesPerDay];
    }

    private sealed record Snapshot(
        IReadOnlyDictionary<string, long> Views,
        IReadOnlyDictionary<string, long> Visitors,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> Pages,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> Referrers,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> Campaigns,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> Statuses,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> Crawlers,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> Minutes);
}
