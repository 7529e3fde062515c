using System.Text;

namespace LogPipe.Tests.Parsing;

/// <summary>
/// Valid lines of every supported format, and seeded mutations of them that move field boundaries (cuts, inserted
/// quotes and escapes, binary bytes, repeated fragments) plus random bytes: the input of the parser's robustness tests.
/// </summary>
internal static class MutatedLines
{
    // Bytes that move the parser's field boundaries.
    private static readonly byte[] s_structuralBytes = "\"\\ []-:/"u8.ToArray();

    public static readonly byte[][] Valid =
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

    /// <summary>
    /// <paramref name="mutationsPerLine"/> mutants of every valid line, then <paramref name="randomLines"/> lines of
    /// random bytes; the same seed gives the same lines.
    /// </summary>
    public static IEnumerable<byte[]> Generate(int seed, int mutationsPerLine, int randomLines)
    {
        var random = new Random(seed);
        foreach (var valid in Valid)
        {
            for (var i = 0; i < mutationsPerLine; i++)
            {
                var line = valid;
                var mutations = random.Next(1, 5);
                for (var m = 0; m < mutations; m++)
                {
                    line = Mutate(random, line);
                }

                yield return line;
            }
        }

        for (var i = 0; i < randomLines; i++)
        {
            var line = new byte[random.Next(0, 300)];
            random.NextBytes(line);
            yield return line;
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
}
