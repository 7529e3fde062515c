using System.Globalization;
using System.Text;

namespace LogPipe.Tests.Support;

/// <summary>
/// Combined-format lines for the tests that feed LogPipe by hand, all logged at noon on <see cref="Day"/>:
/// <c>192.0.2.1 - - [29/Nov/2026:12:00:00 +0100] "GET /a HTTP/1.1" 200 512 "-" "test"</c>.
/// </summary>
internal static class AccessLines
{
    /// <summary>The day of every line, as a key shows it.</summary>
    public const string Day = "2026-11-29";

    public static string Get(string path) => Request("GET", path);

    public static string Request(string method, string path, string client = "192.0.2.1") =>
        string.Create(CultureInfo.InvariantCulture, $"{client} - - [29/Nov/2026:12:00:00 +0100] \"{method} {path} HTTP/1.1\" 200 512 \"-\" \"test\"");

    /// <summary>The lines, each with its newline, as LogPipe's stdin gets them.</summary>
    public static byte[] Lines(IEnumerable<string> lines) => Encoding.ASCII.GetBytes(string.Concat(lines.Select(line => line + "\n")));

    public static byte[] Lines(params string[] lines) => Lines((IEnumerable<string>)lines);

    /// <summary><paramref name="count"/> GETs of <paramref name="path"/> from 250 different clients.</summary>
    public static byte[] Lines(int count, string path) =>
        Lines(Enumerable.Range(0, count).Select(i => Request("GET", path, string.Create(CultureInfo.InvariantCulture, $"192.0.2.{i % 250}"))));
}
