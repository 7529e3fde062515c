using System.Globalization;
using System.Text.RegularExpressions;
using LogPipe.Filtering;

namespace LogPipe.Tests.Support;

/// <summary>
/// What LogPipe should have counted, read from Apache's own file log with a plain regex: one per page view (a GET
/// answered 2xx or 304, of a path with no asset extension, by a user agent with none of the generic crawler and tool
/// words, checked here on its own rather than by LogPipe's classifier, and no missing one), keyed by
/// the line's %t day and the path without its query; or, with <c>countAll</c>, one per GET under its target as logged.
/// </summary>
public static partial class AccessLogOracle
{
    private static readonly HashSet<string> s_assetExtensions = [.. AssetFilter.Default.Split(' ')];

    private static readonly string[] s_months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    /// <summary>
    /// Expected counts per <c>prefix:yyyy-MM-dd:path</c>, or per <c>prefix:host:yyyy-MM-dd:path</c> with
    /// <paramref name="withHost"/>, for lines in vhost_combined (the virtual host, a colon and the port, first).
    /// </summary>
    public static Dictionary<string, long> ExpectedCounts(IEnumerable<string> lines, string keyPrefix, bool withHost = false, bool countAll = false)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            var match = GetLine().Match(line);
            if (!match.Success)
            {
                continue;
            }

            var target = match.Groups["target"].Value;
            if (!countAll)
            {
                var status = int.Parse(match.Groups["status"].Value, CultureInfo.InvariantCulture);
                target = target.Split('?')[0];
                var extension = Path.GetExtension(target).TrimStart('.').ToLowerInvariant();
                if (status is not ((>= 200 and < 300) or 304)
                    || s_assetExtensions.Contains(extension)
                    || IsCrawlerOrTool(match.Groups["agent"].Value))
                {
                    continue;
                }
            }

            var month = Array.IndexOf(s_months, match.Groups["month"].Value) + 1;
            if (month == 0)
            {
                throw new FormatException($"unknown month in access log line: {line}");
            }

            var date = string.Create(CultureInfo.InvariantCulture, $"{match.Groups["year"].Value}-{month:00}-{match.Groups["day"].Value}");
            var host = withHost ? line[..line.IndexOf(':', StringComparison.Ordinal)] + ":" : string.Empty;
            var key = $"{keyPrefix}:{host}{date}:{target}";
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        return counts;
    }

    // The generic words of the page-view rule: enough for the test traffic, whose crawler is Googlebot.
    private static bool IsCrawlerOrTool(string agent) =>
        agent is "" or "-" || CrawlerWord().IsMatch(agent);

    /// <summary>Lines per request method, for the test log.</summary>
    public static Dictionary<string, int> LinesByMethod(IEnumerable<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var methods = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            var match = Method().Match(line);
            var method = match.Success ? match.Groups[1].Value : "(unparsed)";
            methods[method] = methods.GetValueOrDefault(method) + 1;
        }

        return methods;
    }

    // Apache's %t is "[29/Nov/2026:05:34:12 +0000]", %r the request line "GET /index.html?page=3 HTTP/1.1", then the
    // status, the size, the referer and the user agent of combined.
    [GeneratedRegex("""\[(?<day>\d\d)/(?<month>\w\w\w)/(?<year>\d{4}):[^\]]*\] "GET (?<target>\S+) [^"]*" (?<status>\d{3}) \S+ "[^"]*" "(?<agent>[^"]*)"$""")]
    private static partial Regex GetLine();

    [GeneratedRegex("bot|crawl|spider|slurp|curl|wget", RegexOptions.IgnoreCase)]
    private static partial Regex CrawlerWord();

    [GeneratedRegex("""\] "(\S+) """)]
    private static partial Regex Method();
}
