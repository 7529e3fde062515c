using System.Text;
using LogPipe.Parsing;

namespace LogPipe.Tests.Parsing;

public sealed class AccessLogParserUnitTests
{
    // Not a nickname: the client first as %a, the size as %B, the time taken (%D) before a quoted user agent, no referer.
    public const string CustomPattern = "%a %t \"%r\" %>s %B %D \"%{User-Agent}i\"";

    public static TheoryData<string, byte[], ExpectedEntry> CombinedLines => new()
    {
        {
            "IPv4 client, the line from Apache's documentation",
            """
            127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326 "http://www.example.com/start.html" "Mozilla/4.08 [en] (Win98; I ;Nav)"
            """u8.ToArray(),
            new("127.0.0.1", "[10/Oct/2000:13:55:36 -0700]", "GET", "/apache_pb.gif", "HTTP/1.0", "200", "2326",
                "http://www.example.com/start.html", "Mozilla/4.08 [en] (Win98; I ;Nav)", User: "frank")
        },
        {
            "IPv6 client, no body",
            """
            2001:db8:85a3::8a2e:370:7334 - - [29/Nov/2026:08:15:00 +0100] "GET /articles/42 HTTP/2.0" 304 - "https://www.google.com/" "Mozilla/5.0 (Windows NT 10.0; Win64; x64)"
            """u8.ToArray(),
            new("2001:db8:85a3::8a2e:370:7334", "[29/Nov/2026:08:15:00 +0100]", "GET", "/articles/42", "HTTP/2.0", "304", "-",
                "https://www.google.com/", "Mozilla/5.0 (Windows NT 10.0; Win64; x64)")
        },
        {
            "IPv6 loopback client",
            """
            ::1 - - [29/Nov/2026:08:15:00 +0100] "OPTIONS * HTTP/1.0" 200 - "-" "Apache/2.4.58 (Debian) (internal dummy connection)"
            """u8.ToArray(),
            new("::1", "[29/Nov/2026:08:15:00 +0100]", "OPTIONS", "*", "HTTP/1.0", "200", "-",
                "-", "Apache/2.4.58 (Debian) (internal dummy connection)")
        },
        {
            "'-' as the request: the client sent nothing before the timeout",
            """
            198.51.100.23 - - [29/Nov/2026:08:15:01 +0100] "-" 408 - "-" "-"
            """u8.ToArray(),
            new("198.51.100.23", "[29/Nov/2026:08:15:01 +0100]", "-", "", "", "408", "-", "-", "-")
        },
        {
            "HTTP/0.9 request line without a protocol",
            """
            192.0.2.10 - - [29/Nov/2026:08:15:02 +0100] "GET /legacy" 200 512 "-" "-"
            """u8.ToArray(),
            new("192.0.2.10", "[29/Nov/2026:08:15:02 +0100]", "GET", "/legacy", "", "200", "512", "-", "-")
        },
        {
            "TLS handshake sent to the plain HTTP port, escaped by Apache",
            """
            203.0.113.50 - - [29/Nov/2026:08:15:03 +0100] "\x16\x03\x01\x02\x00" 400 226 "-" "-"
            """u8.ToArray(),
            new("203.0.113.50", "[29/Nov/2026:08:15:03 +0100]", """\x16\x03\x01\x02\x00""", "", "", "400", "226", "-", "-")
        },
        {
            "escaped quote and backslash inside the user agent",
            """
            192.0.2.11 - - [29/Nov/2026:08:15:04 +0100] "GET /a HTTP/1.1" 200 10 "-" "Mozilla/5.0 \"quoted\" C:\\Program Files\\x"
            """u8.ToArray(),
            new("192.0.2.11", "[29/Nov/2026:08:15:04 +0100]", "GET", "/a", "HTTP/1.1", "200", "10",
                "-", """Mozilla/5.0 \"quoted\" C:\\Program Files\\x""")
        },
        {
            "user agent ending in an escaped backslash just before its closing quote",
            """
            192.0.2.11 - - [29/Nov/2026:08:15:04 +0100] "GET /a HTTP/1.1" 200 10 "-" "trailing\\"
            """u8.ToArray(),
            new("192.0.2.11", "[29/Nov/2026:08:15:04 +0100]", "GET", "/a", "HTTP/1.1", "200", "10", "-", """trailing\\""")
        },
        {
            "escaped quote and backslash inside the request",
            """
            192.0.2.12 - - [29/Nov/2026:08:15:05 +0100] "GET /search?q=\"x\"&d=C:\\tmp HTTP/1.1" 200 99 "-" "curl/8.5.0"
            """u8.ToArray(),
            new("192.0.2.12", "[29/Nov/2026:08:15:05 +0100]", "GET", """/search?q=\"x\"&d=C:\\tmp""", "HTTP/1.1", "200", "99",
                "-", "curl/8.5.0")
        },
        {
            "query string kept in the target",
            """
            192.0.2.13 - - [29/Nov/2026:08:15:06 +0100] "GET /articles/42?utm_source=rss&page=2 HTTP/1.1" 200 5120 "https://example.org/feed?x=1" "Feedly/1.0"
            """u8.ToArray(),
            new("192.0.2.13", "[29/Nov/2026:08:15:06 +0100]", "GET", "/articles/42?utm_source=rss&page=2", "HTTP/1.1", "200", "5120",
                "https://example.org/feed?x=1", "Feedly/1.0")
        },
        {
            "invalid UTF-8 (0xC3 0x28, 0xFF) inside the user, target, referer and user agent",
            Encoding.Latin1.GetBytes(
                "192.0.2.14 - \u00FFuser [29/Nov/2026:08:15:07 +0100] \"GET /caf\u00C3( HTTP/1.1\" 200 7 \"http://x/\u00FF\" \"bot\u00C3(\u00FF\""),
            new("192.0.2.14", "[29/Nov/2026:08:15:07 +0100]", "GET", "/caf\u00C3(", "HTTP/1.1", "200", "7",
                "http://x/\u00FF", "bot\u00C3(\u00FF", User: "\u00FFuser")
        },
        {
            "line cut off right after the status",
            """
            192.0.2.15 - - [29/Nov/2026:08:15:08 +0100] "GET /cut HTTP/1.1" 200
            """u8.ToArray(),
            new("192.0.2.15", "[29/Nov/2026:08:15:08 +0100]", "GET", "/cut", "HTTP/1.1", "200", "", "", "")
        },
        {
            "line cut off after the space that follows the status",
            Encoding.ASCII.GetBytes("192.0.2.15 - - [29/Nov/2026:08:15:08 +0100] \"GET /cut HTTP/1.1\" 200 "),
            new("192.0.2.15", "[29/Nov/2026:08:15:08 +0100]", "GET", "/cut", "HTTP/1.1", "200", "", "", "")
        },
        {
            "line cut off inside the referer",
            """
            192.0.2.16 - - [29/Nov/2026:08:15:09 +0100] "GET /cut HTTP/1.1" 200 512 "https://www.exa
            """u8.ToArray(),
            new("192.0.2.16", "[29/Nov/2026:08:15:09 +0100]", "GET", "/cut", "HTTP/1.1", "200", "512", "", "")
        },
        {
            "line cut off inside the user agent",
            """
            192.0.2.17 - - [29/Nov/2026:08:15:10 +0100] "GET /cut HTTP/1.1" 200 512 "https://www.example.com/" "Mozilla/5.0 (X11; Li
            """u8.ToArray(),
            new("192.0.2.17", "[29/Nov/2026:08:15:10 +0100]", "GET", "/cut", "HTTP/1.1", "200", "512", "https://www.example.com/", "")
        },
    };

    public static TheoryData<string, byte[], ExpectedEntry> CommonLines => new()
    {
        {
            "IPv4 client, the line from Apache's documentation",
            """
            127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326
            """u8.ToArray(),
            new("127.0.0.1", "[10/Oct/2000:13:55:36 -0700]", "GET", "/apache_pb.gif", "HTTP/1.0", "200", "2326", "", "", User: "frank")
        },
        {
            "IPv6 client with a query string",
            """
            2001:db8::7 - - [31/Dec/2026:23:59:59 -0500] "GET /a?b=1 HTTP/1.1" 200 -
            """u8.ToArray(),
            new("2001:db8::7", "[31/Dec/2026:23:59:59 -0500]", "GET", "/a?b=1", "HTTP/1.1", "200", "-", "", "")
        },
        {
            "'-' as the request",
            """
            198.51.100.23 - - [29/Nov/2026:08:15:01 +0100] "-" 408 -
            """u8.ToArray(),
            new("198.51.100.23", "[29/Nov/2026:08:15:01 +0100]", "-", "", "", "408", "-", "", "")
        },
        {
            "HTTP/0.9 request line",
            """
            192.0.2.10 - - [29/Nov/2026:08:15:02 +0100] "GET /legacy" 200 512
            """u8.ToArray(),
            new("192.0.2.10", "[29/Nov/2026:08:15:02 +0100]", "GET", "/legacy", "", "200", "512", "", "")
        },
        {
            "line cut off right after the status",
            """
            192.0.2.15 - - [29/Nov/2026:08:15:08 +0100] "GET /cut HTTP/1.1" 200
            """u8.ToArray(),
            new("192.0.2.15", "[29/Nov/2026:08:15:08 +0100]", "GET", "/cut", "HTTP/1.1", "200", "", "", "")
        },
    };

    public static TheoryData<string, byte[], ExpectedEntry> VhostCombinedLines => new()
    {
        {
            "IPv4 client on port 443",
            """
            www.example.com:443 192.0.2.20 - - [29/Nov/2026:08:15:11 +0100] "GET /a?b=1 HTTP/1.1" 200 10 "-" "curl/8.5.0"
            """u8.ToArray(),
            new("192.0.2.20", "[29/Nov/2026:08:15:11 +0100]", "GET", "/a?b=1", "HTTP/1.1", "200", "10", "-", "curl/8.5.0",
                VirtualHost: "www.example.com")
        },
        {
            "IPv6 client with an escaped user agent",
            """
            blog.example.org:80 2001:db8::1 - alice [29/Nov/2026:08:15:12 +0100] "GET /feed HTTP/1.1" 200 2048 "-" "say \"hi\" \\o/"
            """u8.ToArray(),
            new("2001:db8::1", "[29/Nov/2026:08:15:12 +0100]", "GET", "/feed", "HTTP/1.1", "200", "2048", "-", """say \"hi\" \\o/""",
                User: "alice", VirtualHost: "blog.example.org")
        },
        {
            "line cut off inside the user agent",
            """
            www.example.com:443 192.0.2.21 - - [29/Nov/2026:08:15:13 +0100] "HEAD / HTTP/1.1" 301 - "-" "Mozil
            """u8.ToArray(),
            new("192.0.2.21", "[29/Nov/2026:08:15:13 +0100]", "HEAD", "/", "HTTP/1.1", "301", "-", "-", "", VirtualHost: "www.example.com")
        },
    };

    public static TheoryData<string, byte[], ExpectedEntry> CustomLines => new()
    {
        {
            "IPv4 client, every field present",
            """
            203.0.113.9 [29/Nov/2026:08:15:00 +0100] "GET /articles/42?ref=rss HTTP/2.0" 200 5120 1834 "curl/8.5.0"
            """u8.ToArray(),
            new("203.0.113.9", "[29/Nov/2026:08:15:00 +0100]", "GET", "/articles/42?ref=rss", "HTTP/2.0", "200", "5120", "", "curl/8.5.0", User: "")
        },
        {
            "IPv6 client, user agent with escapes",
            """
            2001:db8::2 [29/Nov/2026:08:15:00 +0100] "POST /api HTTP/1.1" 201 0 93 "x \"y\" \\z"
            """u8.ToArray(),
            new("2001:db8::2", "[29/Nov/2026:08:15:00 +0100]", "POST", "/api", "HTTP/1.1", "201", "0", "", """x \"y\" \\z""", User: "")
        },
        {
            "line cut off inside the user agent",
            """
            203.0.113.9 [29/Nov/2026:08:15:00 +0100] "GET / HTTP/1.1" 200 5120 1834 "Mozilla/5.0 (Mac
            """u8.ToArray(),
            new("203.0.113.9", "[29/Nov/2026:08:15:00 +0100]", "GET", "/", "HTTP/1.1", "200", "5120", "", "", User: "")
        },
    };

    public static TheoryData<string, byte[]> MalformedCombinedLines => new()
    {
        { "empty line", [] },
        { "garbage words", "hello world, this is not an access log"u8.ToArray() },
        { "a lone space", " "u8.ToArray() },
        {
            "request without its closing quote",
            """
            192.0.2.30 - - [29/Nov/2026:08:16:00 +0100] "GET /open HTTP/1.1 200 512
            """u8.ToArray()
        },
        {
            "request line cut off",
            """
            192.0.2.30 - - [29/Nov/2026:08:16:00 +0100] "GET /art
            """u8.ToArray()
        },
        {
            "status of two digits",
            """
            192.0.2.31 - - [29/Nov/2026:08:16:01 +0100] "GET / HTTP/1.1" 20 512 "-" "-"
            """u8.ToArray()
        },
        {
            "status of four digits",
            """
            192.0.2.31 - - [29/Nov/2026:08:16:01 +0100] "GET / HTTP/1.1" 2000 512 "-" "-"
            """u8.ToArray()
        },
        {
            "status that is not a number",
            """
            192.0.2.31 - - [29/Nov/2026:08:16:01 +0100] "GET / HTTP/1.1" OK! 512 "-" "-"
            """u8.ToArray()
        },
        {
            "time without brackets",
            """
            192.0.2.32 - - 29/Nov/2026:08:16:02 +0100 "GET / HTTP/1.1" 200 512 "-" "-"
            """u8.ToArray()
        },
        {
            "time without its closing bracket",
            """
            192.0.2.32 - - [29/Nov/2026:08:16:02 +0100 "GET / HTTP/1.1" 200 512 "-" "Mozilla/4.08 [en] (Win98)"
            """u8.ToArray()
        },
        {
            "line cut off inside the time",
            """
            192.0.2.32 - - [29/Nov/2026:08:1
            """u8.ToArray()
        },
        { "binary bytes", [0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xFC, 0x03, 0x03, 0xFF, 0xFE, 0x80, 0x7F] },
        { "binary bytes with spaces and a bracket", [0x00, 0x20, 0xFF, 0x20, 0x01, 0x20, 0x5B, 0xC3, 0x28, 0x20, 0x22, 0x9F] },
    };

    [Theory]
    [MemberData(nameof(CombinedLines))]
    public void Combined_lines_give_every_field(string description, byte[] line, ExpectedEntry expected) =>
        AssertParses("combined", description, line, expected);

    [Theory]
    [MemberData(nameof(CommonLines))]
    public void Common_lines_give_every_field(string description, byte[] line, ExpectedEntry expected) =>
        AssertParses("common", description, line, expected);

    [Theory]
    [MemberData(nameof(VhostCombinedLines))]
    public void Vhost_combined_lines_give_every_field(string description, byte[] line, ExpectedEntry expected) =>
        AssertParses("vhost_combined", description, line, expected);

    [Theory]
    [MemberData(nameof(CustomLines))]
    public void Custom_format_lines_give_every_field(string description, byte[] line, ExpectedEntry expected) =>
        AssertParses(CustomPattern, description, line, expected);

    [Theory]
    [MemberData(nameof(MalformedCombinedLines))]
    public void Malformed_lines_are_refused(string description, byte[] line)
    {
        var parser = new AccessLogParser(LogFormat.Combined);

        Assert.False(parser.TryParse(line, out _), $"'{description}' was accepted");
    }

    [Fact]
    public void Quoted_field_ends_at_first_unescaped_quote()
    {
        var parser = new AccessLogParser(LogFormat.Combined);
        var line = """
            192.0.2.40 - - [29/Nov/2026:08:17:00 +0100] "GET /x HTTP/1.1" 200 1 "a\"b\\" "c\\\"d"
            """u8;

        Assert.True(parser.TryParse(line, out var entry));

        Assert.Equal("""a\"b\\""", ExpectedEntry.Text(entry.Referer));
        Assert.Equal("""c\\\"d""", ExpectedEntry.Text(entry.UserAgent));
    }

    [Fact]
    public void Request_line_is_kept_whole_and_still_escaped()
    {
        var parser = new AccessLogParser(LogFormat.Combined);
        var line = """
            192.0.2.41 - - [29/Nov/2026:08:17:01 +0100] "GET /q?\"x\" HTTP/1.1" 200 1 "-" "-"
            """u8;

        Assert.True(parser.TryParse(line, out var entry));

        Assert.Equal("""GET /q?\"x\" HTTP/1.1""", ExpectedEntry.Text(entry.RequestLine));
    }

    [Fact]
    public void Status_is_not_required_when_the_format_has_none()
    {
        Assert.True(LogFormat.TryResolve("%h %t \"%r\"", out var format, out _));
        var parser = new AccessLogParser(format!);

        var line = """
            192.0.2.42 [29/Nov/2026:08:17:02 +0100] "GET /no-status HTTP/1.1"
            """u8;

        Assert.True(parser.TryParse(line, out var entry));

        Assert.Equal("/no-status", ExpectedEntry.Text(entry.Target));
        Assert.True(entry.Status.IsEmpty);
    }

    private static void AssertParses(string format, string description, byte[] line, ExpectedEntry expected)
    {
        Assert.True(LogFormat.TryResolve(format, out var logFormat, out var error), error);
        var parser = new AccessLogParser(logFormat!);

        Assert.True(parser.TryParse(line, out var entry), $"'{description}' did not parse");
        Assert.True(parser.TryParseRequired(line, out var required), $"'{description}' did not parse for its required fields");

        expected.AssertMatches(entry);
        RequiredFields.AssertSame(entry, required, line);
    }
}
