using System.Globalization;
using System.Text;

namespace LogPipe.LogGen;

/// <summary>
/// Writes realistic Apache 2.4 access-log lines (combined or common format), deterministically from
/// <see cref="GeneratorOptions.Seed"/>, and records in <see cref="Expected"/> what a correct counter must count and in
/// <see cref="ExpectedReports"/> the reports it must write.
/// </summary>
/// <remarks>
/// A line counts when it is a GET whose timestamp, request line and status are intact: regular GET lines, HTTP/0.9
/// GETs, GET lines cut after the status or inside the referer or user agent, GET lines with invalid UTF-8 in the
/// user agent and CRLF-terminated GET lines. HEAD/POST/OPTIONS, 408 timeouts, TLS handshakes, garbage, empty and
/// blank lines, a request without its closing quote and a bad timestamp do not count.
/// Browsers' requests come from a pool of visitors (a client address and a browser user agent; about one per eight
/// lines, some sharing an address as a household does) in visits of about eight lines, so that visitors recur; bots
/// keep their own addresses.
/// </remarks>
public sealed class AccessLogGenerator
{
    private const int FlushThreshold = 1 << 20;
    private const int LineReserve = 64 * 1024;
    private const int SearchRefererCount = 64;

    // Crawler ids of ExpectedReports.AddRequest: none, no user agent, and 1 + the bot's index in Corpus.Bots.
    private const int NotACrawler = -1;
    private const int NoUserAgentCrawler = 0;

    /// <summary>The site the log is of: its own pages' referers are <c>https://www.example.com/...</c>; pass it as <c>--site-host</c>.</summary>
    public const string SiteHost = "www.example.com";

    // Visitors in the pool: one per this many lines, and at least MinVisitors; a share of them behind an address another
    // visitor has already (a household, an office), so that visitors are not the same as addresses.
    private const int LinesPerVisitor = 8;
    private const int MinVisitors = 512;
    private const double SharedAddressShare = 0.1;

    // Browsers' lines come from this many visits under way at once, each a visitor of the pool making requests (a page,
    // its assets, the next page) until it ends, after SessionLength lines on average, and a visitor of the pool, drawn
    // at random, takes its place. It is how a site sees its visitors, and it keeps the pool out of the hot loop's cache
    // misses: the lines of a visit under way read bytes in cache.
    private const int ActiveSessions = 64;
    private const int SessionLength = 8;

    // A million visitors are a busy site's month; more would only cost memory (8M lines and up).
    private const int MaxVisitors = 1 << 20;

    // The longest address WriteClientAddress writes: 2001:db8 and six groups of ":ffff".
    private const int MaxAddressLength = 38;

    private static readonly int[] s_hourWeights =
        [22, 15, 11, 9, 8, 10, 16, 28, 45, 60, 70, 76, 78, 80, 80, 78, 76, 74, 72, 70, 66, 58, 45, 32];

    private static readonly OddLineKind[] s_oddKinds =
    [
        OddLineKind.Timeout408, OddLineKind.TlsHandshake, OddLineKind.Http09, OddLineKind.TruncatedAfterStatus,
        OddLineKind.TruncatedInReferer, OddLineKind.TruncatedInUserAgent, OddLineKind.InvalidUtf8,
        OddLineKind.BinaryGarbage, OddLineKind.Empty, OddLineKind.Crlf, OddLineKind.SpacesOnly,
        OddLineKind.MissingQuote, OddLineKind.BadTimestamp,
    ];

    // %u with raw bytes that are not UTF-8 (common format has no user agent to put them in).
    private static readonly byte[] s_invalidUser = [(byte)'u', (byte)'s', 0xC3, 0x28, (byte)'e', (byte)'r', 0xFF];

    private static readonly byte[] s_site = Encoding.ASCII.GetBytes("https://" + SiteHost);

    private readonly GeneratorOptions _options;
    private readonly bool _combined;
    private readonly PathInfo[] _paths;
    private readonly byte[][] _pathBytes;
    private readonly int _legacyPathIndex;
    private readonly ZipfTable _zipf;
    private readonly byte[][] _dayPrefixes;
    private readonly int[] _hourCumulative;
    private readonly byte[][] _searchReferers;
    private readonly byte[][] _externalReferers;
    private readonly byte[][] _users;
    private readonly byte[][] _browserAgents;
    private readonly bool[] _browserEscaped;
    private readonly WeightedTable _browserTable;
    private readonly byte[][] _botAgents;
    private readonly byte[][] _botPrefixes;
    private readonly bool[] _botHeadOften;
    private readonly WeightedTable _botTable;
    private readonly int[] _pageOfPath;
    private readonly int[] _campaignOfPath;
    private readonly int[] _searchRefererHosts;
    private readonly int[] _externalRefererHosts;
    private readonly byte[][] _oddReferers;
    private readonly int[] _oddRefererHosts;
    private readonly byte[] _visitorAddressBytes;
    private readonly int[] _visitorAddressStarts;
    private readonly int[] _visitorAddresses;
    private readonly int[] _visitorAgents;
    private readonly int[] _sessions = new int[ActiveSessions];

    public AccessLogGenerator(GeneratorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _combined = options.IsCombined;

        // The pool (paths, search referers) has its own stream of random numbers, derived from the seed.
        var poolRandom = new Random(unchecked((options.Seed * 486_187_739) + 0x5EED));
        _paths = PathCatalog.Build(options.DistinctPaths, poolRandom);
        _pathBytes = Array.ConvertAll(_paths, static p => Encoding.ASCII.GetBytes(p.Path));
        _legacyPathIndex = _paths.Length - 1;
        _zipf = new ZipfTable(_paths.Length, options.ZipfExponent);

        var dates = new string[options.Days];
        _dayPrefixes = new byte[options.Days][];
        for (int d = 0; d < options.Days; d++)
        {
            DateOnly date = options.StartDate.AddDays(d);
            dates[d] = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            _dayPrefixes[d] = Encoding.ASCII.GetBytes("[" + date.ToString("dd/MMM/yyyy", CultureInfo.InvariantCulture) + ":");
        }

        _hourCumulative = new int[s_hourWeights.Length + 1];
        for (int h = 0; h < s_hourWeights.Length; h++)
        {
            _hourCumulative[h + 1] = _hourCumulative[h] + s_hourWeights[h];
        }

        _searchReferers = new byte[SearchRefererCount][];
        for (int i = 0; i < SearchRefererCount; i++)
        {
            _searchReferers[i] = Encoding.ASCII.GetBytes(SearchReferer(poolRandom));
        }

        _externalReferers = Array.ConvertAll(Corpus.ExternalReferers, Encoding.ASCII.GetBytes);
        _users = Array.ConvertAll(Corpus.Users, Encoding.ASCII.GetBytes);
        _browserAgents = Array.ConvertAll(Corpus.Browsers, static b => Encoding.ASCII.GetBytes(b.Agent));
        _browserEscaped = Array.ConvertAll(Corpus.Browsers, static b => b.Escaped);
        _browserTable = new WeightedTable(Array.ConvertAll(Corpus.Browsers, static b => b.Weight));
        _botAgents = Array.ConvertAll(Corpus.Bots, static b => Encoding.ASCII.GetBytes(b.Agent));
        _botPrefixes = Array.ConvertAll(Corpus.Bots, static b => Encoding.ASCII.GetBytes(b.Ipv4Prefix));
        _botHeadOften = Array.ConvertAll(Corpus.Bots, static b => b.HeadOften);
        _botTable = new WeightedTable(Array.ConvertAll(Corpus.Bots, static b => b.Weight));

        // A page is its path without the query: /articles/42?ref=home and /articles/42 are one page.
        var pages = new List<string>();
        var pageIndexes = new Dictionary<string, int>(StringComparer.Ordinal);
        _pageOfPath = Array.ConvertAll(_paths, path =>
        {
            var query = path.Path.IndexOf('?', StringComparison.Ordinal);
            var page = query < 0 ? path.Path : path.Path[..query];
            if (!pageIndexes.TryGetValue(page, out var index))
            {
                index = pages.Count;
                pages.Add(page);
                pageIndexes.Add(page, index);
            }

            return index;
        });
        Expected = new ExpectedCounts(dates, [.. pages]);
        ExpectedCountAll = new ExpectedCounts(dates, Array.ConvertAll(_paths, static p => p.Path));

        // What the reports count each referer and target under, decided once here by the reports' own rules.
        var hosts = new List<string>();
        var hostIds = new Dictionary<string, int>(StringComparer.Ordinal);
        int HostId(byte[] referer)
        {
            string? host = ExpectedReports.RefererHost(referer, SiteHost);
            if (host is null)
            {
                return -1;
            }

            if (!hostIds.TryGetValue(host, out int id))
            {
                id = hosts.Count;
                hosts.Add(host);
                hostIds.Add(host, id);
            }

            return id;
        }

        _searchRefererHosts = Array.ConvertAll(_searchReferers, HostId);
        _externalRefererHosts = Array.ConvertAll(_externalReferers, HostId);
        _oddReferers = Array.ConvertAll(Corpus.OddReferers, Encoding.ASCII.GetBytes);
        _oddRefererHosts = Array.ConvertAll(_oddReferers, HostId);
        if (HostId(s_site) != -1)
        {
            throw new InvalidOperationException("the site's own referers must not count as referrers");
        }

        var members = new List<string>();
        var memberIds = new Dictionary<string, int>(StringComparer.Ordinal);
        _campaignOfPath = Array.ConvertAll(_pathBytes, target =>
        {
            string? member = ExpectedReports.CampaignMember(target);
            if (member is null)
            {
                return -1;
            }

            if (!memberIds.TryGetValue(member, out int id))
            {
                id = members.Count;
                members.Add(member);
                memberIds.Add(member, id);
            }

            return id;
        });

        string[] crawlerNames = [ExpectedReports.NoUserAgent, .. Array.ConvertAll(Corpus.Bots, static b => b.ReportName)];
        ExpectedReports = new ExpectedReports(dates, Expected, [.. hosts], [.. members], crawlerNames);

        (_visitorAddressBytes, _visitorAddressStarts, _visitorAddresses, _visitorAgents) = BuildVisitors(poolRandom);
    }

    /// <summary>
    /// The page views a correct counter must find in the lines written under the default rule (GET, 2xx or 304, no
    /// asset, no crawler or tool, the path without its query); reset and refilled by each <see cref="WriteTo"/>.
    /// </summary>
    public ExpectedCounts Expected { get; }

    /// <summary>What <c>--count-all</c> (the 2009 rule: every GET under its target as logged) must find.</summary>
    public ExpectedCounts ExpectedCountAll { get; }

    /// <summary>The reports a correct LogPipe (run with <c>--site-host</c> <see cref="SiteHost"/>) must write; refilled by each <see cref="WriteTo"/>.</summary>
    public ExpectedReports ExpectedReports { get; }

    private static ReadOnlySpan<byte> TlsRequest => """ "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" 400 0"""u8;

    /// <summary>Generates the log in memory.</summary>
    public static byte[] Generate(GeneratorOptions options, out ExpectedCounts expected) => Generate(options, out expected, out _);

    /// <summary>Generates the log in memory, with what the default rule and <c>--count-all</c> must count.</summary>
    public static byte[] Generate(GeneratorOptions options, out ExpectedCounts expected, out ExpectedCounts expectedCountAll) =>
        Generate(options, out expected, out expectedCountAll, out _);

    /// <summary>Generates the log in memory, with what the default rule and <c>--count-all</c> must count, and the reports.</summary>
    public static byte[] Generate(
        GeneratorOptions options, out ExpectedCounts expected, out ExpectedCounts expectedCountAll, out ExpectedReports expectedReports)
    {
        var generator = new AccessLogGenerator(options);
        using var stream = new MemoryStream((int)Math.Min((long)options.Lines * 240, 1 << 30));
        generator.WriteTo(stream);
        expected = generator.Expected;
        expectedCountAll = generator.ExpectedCountAll;
        expectedReports = generator.ExpectedReports;
        return stream.ToArray();
    }

    /// <summary>
    /// Writes all <see cref="GeneratorOptions.Lines"/> lines to <paramref name="output"/> (which is flushed, not closed).
    /// Every call writes the same bytes and refills <see cref="Expected"/> from scratch.
    /// </summary>
    public void WriteTo(Stream output)
    {
        ArgumentNullException.ThrowIfNull(output);
        Expected.Reset();
        ExpectedCountAll.Reset();
        ExpectedReports.Reset();
        var random = new Random(_options.Seed);
        for (int s = 0; s < _sessions.Length; s++)
        {
            _sessions[s] = random.Next(_visitorAgents.Length);
        }

        var sink = new ByteSink(output, FlushThreshold + LineReserve);
        int lines = _options.Lines;
        int oddLeft = (int)Math.Min(lines, Math.Round(lines * _options.OddShare, MidpointRounding.AwayFromZero));
        var oddCycle = (OddLineKind[])s_oddKinds.Clone();
        int oddCyclePosition = oddCycle.Length;
        for (int i = 0; i < lines; i++)
        {
            if (sink.Position >= FlushThreshold)
            {
                sink.Flush();
            }

            // Position in the whole period, in [0, Days): non-decreasing in i, so timestamps are in order.
            double at = (i + random.NextDouble()) * _options.Days / lines;
            int day = Math.Min((int)at, _options.Days - 1);
            int second = SecondOfDay(Math.Min(at - day, 0.999_999_999));

            var kind = OddLineKind.None;
            if (oddLeft > 0 && random.Next(lines - i) < oddLeft)
            {
                // Selection sampling: exactly oddLeft odd lines at uniformly random positions; kinds cycle in a
                // shuffled order so every kind appears once there are at least as many odd lines as kinds.
                oddLeft--;
                if (oddCyclePosition == oddCycle.Length)
                {
                    random.Shuffle(oddCycle);
                    oddCyclePosition = 0;
                }

                kind = oddCycle[oddCyclePosition++];
            }

            WriteLine(sink, random, day, second, kind);
            Expected.AddLine();
            ExpectedCountAll.AddLine();
        }

        sink.Flush();
        output.Flush();
    }

    private static ReadOnlySpan<byte> MethodName(RequestMethod method) => method switch
    {
        RequestMethod.Get => "GET"u8,
        RequestMethod.Head => "HEAD"u8,
        RequestMethod.Post => "POST"u8,
        _ => "OPTIONS"u8,
    };

    private static string SearchReferer(Random random)
    {
        (string prefix, string suffix) = Corpus.SearchEngines[random.Next(Corpus.SearchEngines.Length)];
        var builder = new StringBuilder(prefix);
        int words = random.Next(1, 5);
        for (int w = 0; w < words; w++)
        {
            if (w > 0)
            {
                builder.Append('+');
            }

            builder.Append(random.Next(6) == 0
                ? Corpus.EncodedWords[random.Next(Corpus.EncodedWords.Length)]
                : Corpus.Words[random.Next(Corpus.Words.Length)]);
        }

        return builder.Append(suffix).ToString();
    }

    private int SecondOfDay(double fraction)
    {
        double target = fraction * _hourCumulative[^1];
        int hour = 0;
        while (hour < s_hourWeights.Length - 1 && _hourCumulative[hour + 1] <= target)
        {
            hour++;
        }

        double withinHour = (target - _hourCumulative[hour]) / s_hourWeights[hour];
        return (hour * 3600) + Math.Min(3599, (int)(withinHour * 3600));
    }

    private void WriteLine(ByteSink sink, Random random, int day, int second, OddLineKind kind)
    {
        switch (kind)
        {
            case OddLineKind.Empty:
                break;
            case OddLineKind.SpacesOnly:
                for (int n = random.Next(1, 40); n > 0; n--)
                {
                    sink.Write((byte)' ');
                }

                break;
            case OddLineKind.BinaryGarbage:
                WriteGarbage(sink, random);
                break;
            case OddLineKind.Timeout408:
                ExpectedReports.AddRequest(day, 408, _combined ? NoUserAgentCrawler : NotACrawler);
                WriteClientAddress(sink, random, -1);
                sink.Write(" - - "u8);
                WriteTimestamp(sink, day, second);
                sink.Write(""" "-" 408 -"""u8);
                if (_combined)
                {
                    sink.Write(" \"-\" \"-\""u8);
                }

                break;
            case OddLineKind.TlsHandshake:
                ExpectedReports.AddRequest(day, 400, _combined ? NoUserAgentCrawler : NotACrawler);
                WriteClientAddress(sink, random, -1);
                sink.Write(" - - "u8);
                WriteTimestamp(sink, day, second);
                sink.Write(TlsRequest);
                if (_combined)
                {
                    sink.Write(" \"-\" \"-\""u8);
                }

                break;
            default:
                WriteRequestLine(sink, random, day, second, kind);
                return; // writes its own line end
        }

        sink.Write((byte)'\n');
    }

    private static void WriteGarbage(ByteSink sink, Random random)
    {
        int length = random.Next(16, 256);
        for (int n = 0; n < length; n++)
        {
            byte b = (byte)random.Next(256);
            if (b is (byte)'\n' or (byte)'\r')
            {
                b |= 0x80;
            }

            sink.Write(b);
        }
    }

    private void WriteRequestLine(ByteSink sink, Random random, int day, int second, OddLineKind kind)
    {
        // Invalid UTF-8 goes into a browser's user agent: cut into a crawler's name, it would hide the crawler.
        bool isBot = random.NextDouble() < _options.BotShare && kind != OddLineKind.InvalidUtf8;
        int visitor = isBot ? -1 : NextVisitor(random);
        int agent = isBot ? _botTable.Sample(random) : _visitorAgents[visitor];
        if (kind == OddLineKind.InvalidUtf8 && !isBot && _browserEscaped[agent])
        {
            agent = 0;
        }

        byte[] agentBytes = isBot ? _botAgents[agent] : _browserAgents[agent];
        if (isBot)
        {
            WriteClientAddress(sink, random, agent);
        }
        else
        {
            int address = _visitorAddresses[visitor];
            sink.Write(_visitorAddressBytes.AsSpan(_visitorAddressStarts[address].._visitorAddressStarts[address + 1]));
        }

        // %l is always "-" (identd is never used); %u is set for a few authenticated requests.
        sink.Write(" - "u8);
        if (kind == OddLineKind.InvalidUtf8 && !_combined)
        {
            sink.Write(s_invalidUser);
        }
        else if (random.Next(200) == 0)
        {
            sink.Write(_users[random.Next(_users.Length)]);
        }
        else
        {
            sink.Write((byte)'-');
        }

        sink.Write((byte)' ');
        if (kind == OddLineKind.BadTimestamp)
        {
            sink.Write("[99/Foo/2026:25:00:00 +0000]"u8);
        }
        else
        {
            WriteTimestamp(sink, day, second);
        }

        RequestMethod method = kind == OddLineKind.None ? PickMethod(random, isBot, agent) : RequestMethod.Get;
        int pathIndex = kind == OddLineKind.Http09 ? _legacyPathIndex : _zipf.Sample(random.NextDouble());
        PathInfo path = _paths[pathIndex];

        sink.Write(" \""u8);
        sink.Write(MethodName(method));
        sink.Write((byte)' ');
        sink.Write(_pathBytes[pathIndex]);
        if (kind != OddLineKind.Http09)
        {
            sink.Write((byte)' ');
            sink.Write(PickProtocol(random, isBot));
        }

        if (kind != OddLineKind.MissingQuote)
        {
            sink.Write((byte)'"');
        }

        (int status, int size) = kind == OddLineKind.Http09 ? (200, path.Size) : PickResponse(random, method, path);
        sink.Write((byte)' ');
        sink.WriteDecimal(status);
        int afterStatus = sink.Position;
        sink.Write((byte)' ');
        if (size > 0)
        {
            sink.WriteDecimal(size);
        }
        else
        {
            sink.Write((byte)'-');
        }

        int sizeEnd = sink.Position;
        int refererStart = 0, refererEnd = 0, agentStart = 0, agentEnd = 0, refererHost = -1;
        if (_combined)
        {
            sink.Write(" \""u8);
            refererStart = sink.Position;
            if (kind == OddLineKind.Http09)
            {
                sink.Write((byte)'-'); // HTTP/0.9 has no request headers
            }
            else
            {
                refererHost = WriteReferer(sink, random, isBot, path.Kind, kind == OddLineKind.TruncatedInReferer);
            }

            refererEnd = sink.Position;
            sink.Write("\" \""u8);
            agentStart = sink.Position;
            if (kind == OddLineKind.Http09)
            {
                sink.Write((byte)'-');
            }
            else if (kind == OddLineKind.InvalidUtf8)
            {
                // Raw bytes that are not UTF-8: C3 28 (a lead byte followed by '(') and FF (never valid).
                int third = agentBytes.Length / 3;
                sink.Write(agentBytes.AsSpan(0, third));
                sink.Write((byte)0xC3);
                sink.Write((byte)0x28);
                sink.Write(agentBytes.AsSpan(third, third));
                sink.Write((byte)0xFF);
                sink.Write(agentBytes.AsSpan(2 * third));
            }
            else
            {
                sink.Write(agentBytes);
            }

            agentEnd = sink.Position;
            sink.Write((byte)'"');
        }

        switch (kind)
        {
            case OddLineKind.TruncatedAfterStatus:
                sink.Position = afterStatus;
                break;
            case OddLineKind.TruncatedInReferer:
                sink.Position = _combined
                    ? refererStart + random.Next(1, Math.Max(2, refererEnd - refererStart))
                    : afterStatus + 1;
                break;
            case OddLineKind.TruncatedInUserAgent:
                sink.Position = _combined
                    ? agentStart + random.Next(1, Math.Max(2, agentEnd - agentStart))
                    : Math.Min(afterStatus + 2, sizeEnd);
                break;
            default:
                break;
        }

        if (kind == OddLineKind.Crlf)
        {
            sink.Write("\r\n"u8);
        }
        else
        {
            sink.Write((byte)'\n');
        }

        if (kind is OddLineKind.MissingQuote or OddLineKind.BadTimestamp)
        {
            return; // LogPipe does not parse the line: it is in no report
        }

        // A line cut before its end has no user agent, and an HTTP/0.9 request sends none: "-".
        bool noUserAgent = kind is OddLineKind.TruncatedAfterStatus or OddLineKind.TruncatedInReferer
            or OddLineKind.TruncatedInUserAgent or OddLineKind.Http09;
        ExpectedReports.AddRequest(
            day, status, !_combined ? NotACrawler : noUserAgent ? NoUserAgentCrawler : isBot ? 1 + agent : NotACrawler);
        if (method == RequestMethod.Get)
        {
            ExpectedCountAll.AddCounted(day, pathIndex);

            // The default rule, by construction: a browser's GET of a page answered 2xx or 304, whose user agent is intact.
            if (!isBot && !noUserAgent && status is (>= 200 and < 300) or 304 && path.Kind is not (PathKind.Static or PathKind.Image))
            {
                Expected.AddCounted(day, _pageOfPath[pathIndex]);

                // A visitor is its address and its user agent as logged: the common format logs none, and a line with
                // invalid UTF-8 logs another one than the visitor's browser sends.
                long visitorKey = !_combined
                    ? _visitorAddresses[visitor]
                    : ((long)_visitorAddresses[visitor] * 2 * _browserAgents.Length)
                        + (kind == OddLineKind.InvalidUtf8 ? _browserAgents.Length : 0) + agent;
                ExpectedReports.AddPageView(day, second / 60, visitorKey, refererHost, _campaignOfPath[pathIndex]);
            }
        }
    }

    // The pool of visitors: each a client address (written by the same rules as any client's, distinct from every other
    // address in the pool so that an address id stands for its bytes) and a browser; returns the addresses' bytes, where
    // each begins (one more entry, the end), and each visitor's address id and browser.
    private (byte[] Bytes, int[] Starts, int[] Addresses, int[] Agents) BuildVisitors(Random random)
    {
        int visitors = (int)Math.Clamp((long)_options.Lines / LinesPerVisitor, MinVisitors, MaxVisitors);
        using var buffer = new MemoryStream();
        var sink = new ByteSink(buffer, (visitors * MaxAddressLength) + LineReserve);
        var starts = new List<int>(visitors + 1) { 0 };
        var seen = new HashSet<ulong>(visitors);
        var addresses = new int[visitors];
        var agents = new int[visitors];
        for (int v = 0; v < visitors; v++)
        {
            agents[v] = _browserTable.Sample(random);
            if (v > 0 && random.NextDouble() < SharedAddressShare)
            {
                addresses[v] = addresses[random.Next(v)];
                continue;
            }

            int start = sink.Position;
            while (true)
            {
                WriteClientAddress(sink, random, -1);
                if (seen.Add(Fnv1a(sink.Written[start..])))
                {
                    break;
                }

                sink.Position = start;
            }

            addresses[v] = starts.Count - 1;
            starts.Add(sink.Position);
        }

        return (sink.Written.ToArray(), [.. starts], addresses, agents);
    }

    // The pool's addresses are told apart by this hash rather than by a string each (a third of the time it took to build
    // the pool of a 2M-line log). Two addresses that share a hash only make BuildVisitors draw another; the hash is
    // FNV-1a, not HashCode with its per-process seed, so that this happens alike in every process.
    private static ulong Fnv1a(ReadOnlySpan<byte> bytes)
    {
        ulong hash = 14_695_981_039_346_656_037;
        foreach (byte b in bytes)
        {
            hash = (hash ^ b) * 1_099_511_628_211;
        }

        return hash;
    }

    private int NextVisitor(Random random)
    {
        int session = random.Next(ActiveSessions);
        int visitor = _sessions[session];
        if (random.Next(SessionLength) == 0)
        {
            _sessions[session] = random.Next(_visitorAgents.Length);
        }

        return visitor;
    }

    private void WriteTimestamp(ByteSink sink, int day, int second)
    {
        sink.Write(_dayPrefixes[day]);
        sink.WriteTwoDigits(second / 3600);
        sink.Write((byte)':');
        sink.WriteTwoDigits(second / 60 % 60);
        sink.Write((byte)':');
        sink.WriteTwoDigits(second % 60);
        sink.Write(" +0100]"u8);
    }

    private void WriteClientAddress(ByteSink sink, Random random, int bot)
    {
        if (random.NextDouble() < _options.Ipv6Share)
        {
            // Documentation prefix 2001:db8::/32, in the compressed forms Apache prints.
            switch (random.Next(4))
            {
                case 0:
                    sink.Write("2001:db8::"u8);
                    sink.WriteHex(random.Next(1, 0x10000));
                    break;
                case 1:
                    sink.Write("2001:db8:"u8);
                    sink.WriteHex(random.Next(1, 0x10000));
                    sink.Write((byte)':');
                    sink.WriteHex(random.Next(1, 0x10000));
                    sink.Write("::"u8);
                    sink.WriteHex(random.Next(1, 0x10000));
                    break;
                case 2:
                    sink.Write("2001:db8:85a3::8a2e:370:"u8);
                    sink.WriteHex(random.Next(1, 0x10000));
                    break;
                default:
                    sink.Write("2001:db8"u8);
                    for (int g = 0; g < 6; g++)
                    {
                        sink.Write((byte)':');
                        sink.WriteHex(random.Next(1, 0x10000));
                    }

                    break;
            }

            return;
        }

        if (bot >= 0 && _botPrefixes[bot].Length > 0)
        {
            sink.Write(_botPrefixes[bot]);
            sink.WriteDecimal(random.Next(1, 255));
            return;
        }

        // Documentation ranges (TEST-NET-1/2/3) and carrier-grade NAT space: never someone's real address.
        int range = random.Next(6);
        if (range < 3)
        {
            sink.Write("100."u8);
            sink.WriteDecimal(random.Next(64, 128));
            sink.Write((byte)'.');
            sink.WriteDecimal(random.Next(256));
            sink.Write((byte)'.');
        }
        else
        {
            sink.Write(range switch
            {
                3 => "192.0.2."u8,
                4 => "198.51.100."u8,
                _ => "203.0.113."u8,
            });
        }

        sink.WriteDecimal(random.Next(1, 255));
    }

    private RequestMethod PickMethod(Random random, bool isBot, int agent)
    {
        int roll = random.Next(100);
        if (isBot)
        {
            return roll < (_botHeadOften[agent] ? 30 : 2) ? RequestMethod.Head : RequestMethod.Get;
        }

        return roll switch
        {
            < 90 => RequestMethod.Get,
            < 95 => RequestMethod.Post,
            < 98 => RequestMethod.Head,
            _ => RequestMethod.Options,
        };
    }

    private static ReadOnlySpan<byte> PickProtocol(Random random, bool isBot)
    {
        if (isBot)
        {
            return "HTTP/1.1"u8;
        }

        return random.Next(100) switch
        {
            < 62 => "HTTP/2.0"u8,
            < 97 => "HTTP/1.1"u8,
            _ => "HTTP/1.0"u8,
        };
    }

    /// <summary>Status and body size; a size of 0 is logged as "-" (as %b does).</summary>
    private static (int Status, int Size) PickResponse(Random random, RequestMethod method, PathInfo path)
    {
        int roll = random.Next(1000);
        if (method == RequestMethod.Options)
        {
            return (200, 0);
        }

        if (method == RequestMethod.Post)
        {
            return roll switch
            {
                < 550 => (200, 100 + random.Next(2_000)),
                < 850 => (302, 0),
                < 930 => (404, 196),
                _ => (500, 531),
            };
        }

        (int status, int size) = path.Kind switch
        {
            PathKind.Missing => roll < 950 ? (404, 196) : (301, 236 + random.Next(20)),
            PathKind.Static or PathKind.Image => roll switch
            {
                < 760 => (200, path.Size),
                < 960 => (304, 0),
                < 995 => (404, 196),
                _ => (500, 531),
            },
            PathKind.Api => roll switch
            {
                < 880 => (200, Jitter(random, path.Size)),
                < 940 => (404, 196),
                _ => (500, 531),
            },
            _ => roll switch
            {
                < 840 => (200, Jitter(random, path.Size)),
                < 900 => (304, 0),
                < 940 => (301, 230 + random.Next(25)),
                < 980 => (404, 196),
                _ => (500, 531),
            },
        };

        // HEAD responses carry no body: %b logs "-".
        return method == RequestMethod.Head ? (status, 0) : (status, size);
    }

    private static int Jitter(Random random, int size) => size + random.Next(-(size / 50), (size / 50) + 1);

    /// <summary>Writes a referer; returns the id of the host the referrers report counts it under, or -1 for none.</summary>
    private int WriteReferer(ByteSink sink, Random random, bool isBot, PathKind kind, bool forceUrl)
    {
        int roll = random.Next(100);
        if (!forceUrl)
        {
            bool none = isBot ? roll < 95 : kind is PathKind.Static or PathKind.Image ? roll < 8 : roll < 33;
            if (none)
            {
                sink.Write((byte)'-');
                return -1;
            }

            if (!isBot && kind is not (PathKind.Static or PathKind.Image))
            {
                if (roll < 53)
                {
                    int search = random.Next(_searchReferers.Length);
                    sink.Write(_searchReferers[search]);
                    return _searchRefererHosts[search];
                }

                if (roll < 59)
                {
                    int external = random.Next(_externalReferers.Length);
                    sink.Write(_externalReferers[external]);
                    return _externalRefererHosts[external];
                }

                if (roll < 60)
                {
                    int odd = random.Next(_oddReferers.Length);
                    sink.Write(_oddReferers[odd]);
                    return _oddRefererHosts[odd];
                }
            }
        }

        // An internal page: prefer pages over assets, as browsers send the page that embeds the asset.
        int page = _zipf.Sample(random.NextDouble());
        for (int tries = 0; tries < 4 && _paths[page].Kind != PathKind.Page; tries++)
        {
            page = _zipf.Sample(random.NextDouble());
        }

        if (_paths[page].Kind != PathKind.Page)
        {
            page = 0; // "/" (or the only path of a one-path pool)
        }

        sink.Write(s_site);
        sink.Write(_pathBytes[page]);
        return -1; // the site itself
    }
}
