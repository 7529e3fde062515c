using System.Text;
using LogPipe.Parsing;

namespace LogPipe.Tests.Parsing;

public sealed class AccessLogParserRobustnessUnitTests
{
    // The day Apache 2.2.14 came out: any fixed seed works, a fixed one makes a failure reproducible.
    private const int Seed = 20091002;
    private const int MutationsPerLine = 600;
    private const int RandomLines = 3000;

    // Bytes that move the parser's field boundaries.
    private static readonly byte[] s_structuralBytes = "\"\\ []-:/"u8.ToArray();

    private static readonly byte[][] s_validLines =
    [
        .. new[]
        {
            """127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326 "http://www.example.com/start.html" "Mozilla/4.08 [en] (Win98; I ;Nav)" """,
            """2001:db8:85a3::8a2e:370:7334 - - [29/Nov/2026:08:15:00 +0100] "GET /articles/42 HTTP/2.0" 304 - "https://www.google.com/" "Mozilla/5.0 (Windows NT 10.0; Win64; x64)" """,
            """::1 - - [29/Nov/2026:08:15:00 +0100] "OPTIONS * HTTP/1.0" 200 - "-" "Apache/2.4.58 (Debian) (internal dummy connection)" """,
            """198.51.100.23 - - [29/Nov/2026:08:15:01 +0100] "-" 408 - "-" "-" """,
            """192.0.2.10 - - [29/Nov/2026:08:15:02 +0100] "GET /legacy" 200 512 "-" "-" """,
            """203.0.113.50 - - [29/Nov/2026:08:15:03 +0100] "\x16\x03\x01\x02\x00" 400 226 "-" "-" """,
            """192.0.2.11 - - [29/Nov/2026:08:15:04 +0100] "GET /a HTTP/1.1" 200 10 "-" "Mozilla/5.0 \"quoted\" C:\\Program Files\\x" """,
            """192.0.2.11 - - [29/Nov/2026:08:15:04 +0100] "GET /a HTTP/1.1" 200 10 "-" "trailing\\" """,
            """192.0.2.12 - - [29/Nov/2026:08:15:05 +0100] "GET /search?q=\"x\"&d=C:\\tmp HTTP/1.1" 200 99 "-" "curl/8.5.0" """,
            """192.0.2.13 - - [29/Nov/2026:08:15:06 +0100] "GET /articles/42?utm_source=rss&page=2 HTTP/1.1" 200 5120 "https://example.org/feed?x=1" "Feedly/1.0" """,
            """192.0.2.16 - - [29/Nov/2026:08:15:09 +0100] "GET /cut HTTP/1.1" 200 512 "https://www.exa""",
            """192.0.2.17 - - [29/Nov/2026:08:15:10 +0100] "POST /api/v1/items HTTP/1.1" 201 73 "https://app.example.com/" "okhttp/4.12.0" """,
            """10.1.2.3 - bob [01/Jan/2027:00:00:00 +0000] "HEAD /health HTTP/1.1" 200 - "-" "kube-probe/1.29" """,
            """127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326""",
            """2001:db8::7 - - [31/Dec/2026:23:59:59 -0500] "GET /a?b=1 HTTP/1.1" 200 -""",
            """www.example.com:443 192.0.2.20 - - [29/Nov/2026:08:15:11 +0100] "GET /a?b=1 HTTP/1.1" 200 10 "-" "curl/8.5.0" """,
            """blog.example.org:80 2001:db8::1 - alice [29/Nov/2026:08:15:12 +0100] "GET /feed HTTP/1.1" 200 2048 "-" "say \"hi\" \\o/" """,
            """203.0.113.9 [29/Nov/2026:08:15:00 +0100] "GET /articles/42?ref=rss HTTP/2.0" 200 5120 1834 "curl/8.5.0" """,
            """2001:db8::2 [29/Nov/2026:08:15:00 +0100] "POST /api HTTP/1.1" 201 0 93 "x \"y\" \\z" """,
        }.Select(text => Encoding.Latin1.GetBytes(text.TrimEnd(' '))),
        Encoding.Latin1.GetBytes("192.0.2.14 - \u00FFuser [29/Nov/2026:08:15:07 +0100] \"GET /caf\u00C3( HTTP/1.1\" 200 7 \"http://x/\u00FF\" \"bot\u00C3(\u00FF\""),
    ];

    private static readonly AccessLogParser[] s_parsers =
    [
        new(LogFormat.Combined),
        new(LogFormat.Common),
        new(Resolve("vhost_combined")),
        new(Resolve(AccessLogParserUnitTests.CustomPattern)),
    ];

    [Fact]
    public void Every_sample_line_parses_with_at_least_one_format()
    {
        foreach (var line in s_validLines)
        {
            Assert.True(s_parsers.Any(parser => parser.TryParse(line, out _)), Encoding.Latin1.GetString(line));
        }
    }

    [Fact]
    public void Mutated_and_random_lines_never_throw_and_fields_stay_inside_the_line()
    {
        var random = new Random(Seed);
        var accepted = 0;
        var refused = 0;
        foreach (var valid in s_validLines)
        {
            for (var i = 0; i < MutationsPerLine; i++)
            {
                var line = valid;
                var mutations = random.Next(1, 5);
                for (var m = 0; m < mutations; m++)
                {
                    line = Mutate(random, line);
                }

                CheckAllParsers(line, ref accepted, ref refused);
            }
        }

        for (var i = 0; i < RandomLines; i++)
        {
            var line = new byte[random.Next(0, 300)];
            random.NextBytes(line);
            CheckAllParsers(line, ref accepted, ref refused);
        }

        // Both outcomes must have been exercised, or the mutations were too gentle or too harsh to prove anything.
        Assert.InRange(accepted, 1000, int.MaxValue);
        Assert.InRange(refused, 1000, int.MaxValue);
    }

    [Fact]
    public void Parsing_allocates_nothing()
    {
        const int Parses = 100_000;
        var parser = new AccessLogParser(LogFormat.Combined);
        var lines = s_validLines;
        var parsed = 0;
        for (var i = 0; i < 1000; i++)
        {
            parsed += parser.TryParse(lines[i % lines.Length], out _) ? 1 : 0;
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Parses; i++)
        {
            if (parser.TryParse(lines[i % lines.Length], out var entry))
            {
                parsed += entry.Status.Length;
            }
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.True(parsed > Parses, "the loop must have parsed lines, or it measured nothing");
    }

    private static void CheckAllParsers(byte[] line, ref int accepted, ref int refused)
    {
        foreach (var parser in s_parsers)
        {
            bool ok;
            LogEntry entry;
            try
            {
                ok = parser.TryParse(line, out entry);
            }
            catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
            {
                Assert.Fail($"TryParse threw {ex.GetType().Name} for line {Convert.ToHexString(line)}: {ex}");
                return;
            }

            if (!ok)
            {
                refused++;
                continue;
            }

            accepted++;
            AssertInside(line, entry.Client, line);
            AssertInside(line, entry.User, line);
            AssertInside(line, entry.VirtualHost, line);
            AssertInside(line, entry.Time, line);
            AssertInside(line, entry.RequestLine, line);
            AssertInside(line, entry.Status, line);
            AssertInside(line, entry.Bytes, line);
            AssertInside(line, entry.Referer, line);
            AssertInside(line, entry.UserAgent, line);
            AssertInside(entry.RequestLine, entry.Method, line);
            AssertInside(entry.RequestLine, entry.Target, line);
            AssertInside(entry.RequestLine, entry.Protocol, line);
            if (!entry.Status.IsEmpty && (entry.Status.Length != 3 || entry.Status.ContainsAnyExceptInRange((byte)'0', (byte)'9')))
            {
                Assert.Fail($"status '{ExpectedEntry.Text(entry.Status)}' is not three digits in line {Convert.ToHexString(line)}");
            }

            if (entry.Time.Length < 2 || entry.Time[0] != (byte)'[' || entry.Time[^1] != (byte)']')
            {
                Assert.Fail($"time '{ExpectedEntry.Text(entry.Time)}' is not bracketed in line {Convert.ToHexString(line)}");
            }
        }
    }

    private static void AssertInside(ReadOnlySpan<byte> outer, ReadOnlySpan<byte> field, byte[] line)
    {
        if (field.IsEmpty)
        {
            return;
        }

        if (!outer.Overlaps(field, out var offset) || offset < 0 || offset + field.Length > outer.Length)
        {
            Assert.Fail($"field '{ExpectedEntry.Text(field)}' lies outside its span in line {Convert.ToHexString(line)}");
        }
    }

    private static byte[] Mutate(Random random, byte[] line)
    {
        var bytes = new List<byte>(line);
        var at = random.Next(0, bytes.Count + 1);
        switch (random.Next(0, 7))
        {
            case 0 when bytes.Count > 0:
                bytes[Math.Min(at, bytes.Count - 1)] = (byte)random.Next(0, 256);
                break;
            case 1:
                bytes.RemoveRange(at, bytes.Count - at);
                break;
            case 2:
                bytes.Insert(at, s_structuralBytes[random.Next(s_structuralBytes.Length)]);
                break;
            case 3:
                bytes.InsertRange(at, RandomBinaryWithoutNewline(random, random.Next(1, 17)));
                break;
            case 4 when bytes.Count > 0:
                var start = random.Next(0, bytes.Count);
                var length = random.Next(1, Math.Min(40, bytes.Count - start) + 1);
                bytes.InsertRange(at, bytes.GetRange(start, length));
                break;
            case 5 when at < bytes.Count:
                bytes.RemoveRange(at, random.Next(1, Math.Min(8, bytes.Count - at) + 1));
                break;
            default:
                // Clusters of escapes and quotes: the cases a quoted-field scanner gets wrong.
                for (var i = random.Next(1, 4); i > 0; i--)
                {
                    bytes.Insert(at, random.Next(2) == 0 ? (byte)'\\' : (byte)'"');
                }

                break;
        }

        return [.. bytes];
    }

    private static byte[] RandomBinaryWithoutNewline(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        bytes.AsSpan().Replace((byte)'\n', (byte)0);
        return bytes;
    }

    private static LogFormat Resolve(string nameOrPattern)
    {
        Assert.True(LogFormat.TryResolve(nameOrPattern, out var format, out var error), error);
        return format!;
    }
}
