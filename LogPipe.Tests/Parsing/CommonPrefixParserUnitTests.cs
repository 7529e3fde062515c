using System.Text;
using LogPipe.Parsing;

namespace LogPipe.Tests.Parsing;

public sealed class CommonPrefixParserUnitTests
{
    public static TheoryData<string> FormatsWithTheCommonPrefix => new()
    {
        "combined",
        "common",
        "%a %l %u %t \"%r\" %s %b %D",
        "%h %t \"%r\" %>s %b",
        "%t \"%r\" %>s %b",
    };

    public static TheoryData<string> FormatsWithout => new()
    {
        "vhost_combined",
        "%h %t \"%r\"",
        "%h %t \"%r\" %>s",
        "%h %l %u %t %r %>s %b",
        "%h %l %u %t \"%r\" %b %>s",
        "x%h %l %u %t \"%r\" %>s %b",
    };

    public static TheoryData<string, string, string, string, string> PlainLines => new()
    {
        {
            """127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326 "http://www.example.com/start.html" "Mozilla/4.08 [en] (Win98; I ;Nav)" """,
            "[10/Oct/2000:13:55:36 -0700]", "GET", "/apache_pb.gif", "200"
        },
        {
            """2001:db8:85a3::8a2e:370:7334 - - [29/Nov/2026:08:15:00 +0100] "GET /articles/42?page=2&utm_source=rss HTTP/2.0" 304 -""",
            "[29/Nov/2026:08:15:00 +0100]", "GET", "/articles/42?page=2&utm_source=rss", "304"
        },
        {
            """::1 - - [29/Nov/2026:08:15:00 +0100] "OPTIONS * HTTP/1.0" 200""",
            "[29/Nov/2026:08:15:00 +0100]", "OPTIONS", "*", "200"
        },
        {
            """10.0.0.1 - - [01/Jan/2027:00:00:00 +0000] "GET  HTTP/1.1" 400 226""",
            "[01/Jan/2027:00:00:00 +0000]", "GET", "", "400"
        },
    };

    // Lines the general walk reads differently from a naive forward scan, or refuses: all declined.
    public static TheoryData<string, string> UnusualLines => new()
    {
        { "escaped quote in the target", """192.0.2.1 - - [29/Nov/2026:08:15:05 +0100] "GET /q?\"x\" HTTP/1.1" 200 99""" },
        { "backslash in the target", """192.0.2.1 - - [29/Nov/2026:08:15:05 +0100] "GET /C:\\tmp HTTP/1.1" 200 99""" },
        { "space in the target", """192.0.2.1 - - [29/Nov/2026:08:15:05 +0100] "GET /a b HTTP/1.1" 400 99""" },
        { "escaped quote where the request would end", """192.0.2.1 - - [29/Nov/2026:08:15:05 +0100] "GET / HTTP/1.\" 200 1" 200 1""" },
        { "HTTP/0.9: no protocol", """192.0.2.1 - - [29/Nov/2026:08:15:05 +0100] "GET /legacy" 200 512""" },
        { "no request at all", """192.0.2.1 - - [29/Nov/2026:08:15:05 +0100] "-" 408 -""" },
        { "protocol longer than HTTP/x.y", """192.0.2.1 - - [29/Nov/2026:08:15:05 +0100] "GET / HTTP/1.10" 200 1""" },
        { "bracket in the user name", """192.0.2.1 - [bob [29/Nov/2026:08:15:05 +0100] "GET / HTTP/1.1" 200 1""" },
        { "space in the user name", """192.0.2.1 - bob smith [29/Nov/2026:08:15:05 +0100] "GET / HTTP/1.1" 200 1""" },
        { "a field missing before the time", """192.0.2.1 - [29/Nov/2026:08:15:05 +0100] "GET / HTTP/1.1" 200 1""" },
        { "bracket inside the time", """192.0.2.1 - - [29/Nov/2026:08]15:05 +0100] "GET / HTTP/1.1" 200 1""" },
        { "time cut short", """192.0.2.1 - - [29/Nov/2026:08:15:05] "GET / HTTP/1.1" 200 1""" },
        { "four-digit status", """192.0.2.1 - - [29/Nov/2026:08:15:05 +0100] "GET / HTTP/1.1" 2000 1""" },
        { "status not a number", """192.0.2.1 - - [29/Nov/2026:08:15:05 +0100] "GET / HTTP/1.1" 2x0 1""" },
        { "cut off after the protocol", """192.0.2.1 - - [29/Nov/2026:08:15:05 +0100] "GET / HTTP/1.1" """ },
        { "binary bytes", "\u0016\u0003\u0001 [\u00ff\u00c3( \"" },
    };

    [Theory]
    [MemberData(nameof(FormatsWithTheCommonPrefix))]
    public void Formats_that_open_like_common_get_the_fast_path(string format) =>
        Assert.NotNull(CommonPrefixParser.TryCreate(Resolve(format)));

    [Theory]
    [MemberData(nameof(FormatsWithout))]
    public void Other_formats_get_no_fast_path(string format) =>
        Assert.Null(CommonPrefixParser.TryCreate(Resolve(format)));

    [Theory]
    [MemberData(nameof(PlainLines))]
    public void Plain_lines_give_time_method_target_and_status(string text, string time, string method, string target, string status)
    {
        var line = Encoding.Latin1.GetBytes(text.TrimEnd(' '));
        var entry = new LogEntry();

        Assert.True(CommonPrefixParser.TryCreate(LogFormat.Combined)!.TryParse(line, ref entry));

        Assert.Equal(time, ExpectedEntry.Text(entry.Time));
        Assert.Equal(method, ExpectedEntry.Text(entry.Method));
        Assert.Equal(target, ExpectedEntry.Text(entry.Target));
        Assert.Equal(status, ExpectedEntry.Text(entry.Status));
        Assert.True(new AccessLogParser(LogFormat.Combined).TryParse(line, out var walked));
        RequiredFields.AssertSame(walked, entry, line);
    }

    [Theory]
    [MemberData(nameof(UnusualLines))]
    public void Unusual_lines_are_left_to_the_general_walk(string description, string text)
    {
        var line = Encoding.Latin1.GetBytes(text.TrimEnd(' '));
        var entry = new LogEntry();

        Assert.False(CommonPrefixParser.TryCreate(LogFormat.Combined)!.TryParse(line, ref entry), description);
    }

    [Fact]
    public void Fields_before_the_time_are_counted_by_the_format()
    {
        var threeFields = CommonPrefixParser.TryCreate(LogFormat.Combined)!;
        var oneField = CommonPrefixParser.TryCreate(Resolve("%h %t \"%r\" %>s %b"))!;
        var line = """192.0.2.1 [29/Nov/2026:08:15:05 +0100] "GET /one HTTP/1.1" 200 1"""u8;
        var entry = new LogEntry();

        Assert.False(threeFields.TryParse(line, ref entry));
        Assert.True(oneField.TryParse(line, ref entry));
        Assert.Equal("/one", ExpectedEntry.Text(entry.Target));
    }

    [Fact]
    public void Every_byte_at_every_place_of_protocol_and_status_is_judged_by_their_shape()
    {
        // HTTP/x.y" 200 and a space: literal bytes, a version of any bytes that end no field, three digits.
        const string Shape = "HTTP/vvv\" ddd ";
        var plain = """192.0.2.1 - - [29/Nov/2026:08:15:05 +0100] "GET /a HTTP/1.1" 200 99 "-" "-" """u8.ToArray();
        var at = plain.AsSpan().IndexOf("HTTP/1.1"u8);
        var fastPath = CommonPrefixParser.TryCreate(LogFormat.Combined)!;
        var general = new AccessLogParser(LogFormat.Combined);
        var accepted = 0;
        for (var place = 0; place < Shape.Length; place++)
        {
            for (var value = 0; value <= byte.MaxValue; value++)
            {
                var line = (byte[])plain.Clone();
                line[at + place] = (byte)value;
                var entry = new LogEntry();

                var fits = Shape[place] switch
                {
                    'v' => value is not (' ' or '"' or '\\'),
                    'd' => char.IsAsciiDigit((char)value),
                    _ => value == Shape[place],
                };

                Assert.True(fits == fastPath.TryParse(line, ref entry), $"byte {value} at place {place} of the protocol and status");
                if (fits)
                {
                    Assert.True(general.TryParse(line, out var full));
                    RequiredFields.AssertSame(full, entry, line);
                    accepted++;
                }
            }
        }

        Assert.True(accepted > 3 * 250, "the version and status places must have accepted nearly every value they allow");
    }

    private static LogFormat Resolve(string nameOrPattern)
    {
        Assert.True(LogFormat.TryResolve(nameOrPattern, out var format, out var error), error);
        return format!;
    }
}
