namespace LogPipe.LogGen;

/// <summary>
/// Fixed text the generator draws from: user agents (already escaped the way Apache logs them), bot address
/// ranges, words for slugs and search keywords, scanner probes and referer sites.
/// </summary>
internal static class Corpus
{
    /// <summary>Browser user agents with a weight; <c>Escaped</c> ones contain Apache's <c>\"</c>, <c>\\</c> or <c>\xhh</c>.</summary>
    internal static readonly (string Agent, int Weight, bool Escaped)[] Browsers =
    [
        ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", 30, false),
        ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", 12, false),
        ("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0", 9, false),
        ("Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0", 4, false),
        ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15", 8, false),
        ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1", 14, false),
        ("Mozilla/5.0 (iPad; CPU OS 17_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.7 Mobile/15E148 Safari/604.1", 2, false),
        ("Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36", 12, false),
        ("Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36", 3, false),
        ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0", 6, false),
        ("""Mozilla/5.0 (compatible; \"Quoted\" Agent/1.0; +https://agent.example/)""", 1, true),
        ("""Mozilla/5.0 (Windows NT 10.0; Win64; x64) Probe C:\\Program Files\\Probe\\probe.exe""", 1, true),
        ("""Mozilla/5.0 (X11; Linux x86_64) \"Tester\\v2\" \x1b[31mred\x1b[0m""", 1, true),
    ];

    /// <summary>
    /// Bot user agents with a weight, the first three IPv4 octets they crawl from ("" = documentation ranges), and the
    /// name LogPipe's crawlers report gives them (checked against its classifier by LogGenCorpusUnitTests): the list's
    /// pattern as plain text where it is one, else as written (<c>[wW]get</c>).
    /// </summary>
    internal static readonly (string Agent, int Weight, string Ipv4Prefix, bool HeadOften, string ReportName)[] Bots =
    [
        ("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", 26, "66.249.66.", false, "Googlebot"),
        ("Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.69 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", 12, "66.249.79.", false, "Googlebot"),
        ("Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)", 18, "157.55.39.", false, "bingbot"),
        ("Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)", 14, "54.36.148.", false, "Ahrefs(Bot|SiteAudit)"),
        ("Mozilla/5.0 (compatible; SemrushBot/7~bl; +http://www.semrush.com/bot.html)", 8, "185.191.171.", false, "S[eE][mM]rushBot"),
        ("curl/8.5.0", 12, "", true, "curl"),
        ("python-requests/2.32.3", 6, "", false, "python-requests"),
        ("Wget/1.21.4", 4, "", true, "[wW]get"),
    ];

    /// <summary>Plain words for slugs, file names and search keywords.</summary>
    internal static readonly string[] Words =
    [
        "apache", "log", "format", "redis", "counter", "pipeline", "dotnet", "csharp", "linux", "kernel",
        "memory", "cache", "stream", "buffer", "parser", "benchmark", "latency", "throughput", "docker", "nginx",
        "rust", "golang", "python", "http", "tls", "dns", "tcp", "socket", "async", "thread",
        "garden", "coffee", "recipe", "bread", "travel", "winter", "autumn", "mountain", "river", "city",
        "guide", "intro", "tips", "howto", "review", "release", "notes", "update", "news", "weekly",
        "hello", "world", "first", "second", "deep", "dive", "quick", "start", "best", "practices",
        "zipf", "law", "hash", "table", "queue", "tree", "graph", "sort", "search", "index",
    ];

    /// <summary>Percent-encoded words (UTF-8 and reserved characters) as they appear in request targets.</summary>
    internal static readonly string[] EncodedWords =
    [
        "caf%C3%A9", "na%C3%AFve", "%C3%BCber", "stra%C3%9Fe", "se%C3%B1or", "r%C3%A9sum%C3%A9",
        "%E6%97%A5%E6%9C%AC", "%D0%BF%D1%80%D0%B8%D0%B2%D0%B5%D1%82", "C%2B%2B", "c%23", "hello%20world",
        "M%C3%BCnchen", "%E2%9C%93", "50%25-off",
    ];

    /// <summary>Paths that vulnerability scanners probe.</summary>
    internal static readonly string[] ScannerPaths =
    [
        "/wp-login.php", "/.env", "/.git/config", "/wp-admin/setup-config.php", "/xmlrpc.php", "/phpmyadmin/index.php",
        "/cgi-bin/luci/;stok=/locale", "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php", "/server-status",
        "/actuator/health", "/.aws/credentials", "/boaform/admin/formLogin", "/owa/auth/logon.aspx",
    ];

    /// <summary>Search engine result URLs: prefix before the keywords and suffix after.</summary>
    internal static readonly (string Prefix, string Suffix)[] SearchEngines =
    [
        ("https://www.google.com/search?q=", ""),
        ("https://www.google.com/search?q=", "&oq=&sourceid=chrome&ie=UTF-8"),
        ("https://www.google.de/search?q=", "&hl=de"),
        ("https://www.bing.com/search?q=", "&form=QBLH"),
        ("https://duckduckgo.com/?q=", "&ia=web"),
        ("https://search.yahoo.com/search?p=", ""),
        ("https://www.ecosia.org/search?q=", "&method=index"),
    ];

    /// <summary>Referers from other sites.</summary>
    internal static readonly string[] ExternalReferers =
    [
        "https://www.google.com/", "https://www.bing.com/", "https://news.ycombinator.com/", "https://www.reddit.com/r/programming/",
        "https://t.co/Ab3xYz91Qk", "https://lobste.rs/", "android-app://com.google.android.gm/", "https://duckduckgo.com/",
        "https://github.com/", "https://stackoverflow.com/questions/", "http://localhost:8080/",
    ];

    /// <summary>
    /// Rare referers that test the referrers report's host rule: capitals, userinfo, ports, an IPv6 literal, the site
    /// itself in capitals, an address without a scheme, an empty scheme or host, and hosts of 253 and 254 bytes.
    /// </summary>
    internal static readonly string[] OddReferers =
    [
        "https://Mail.Google.COM/mail/u/0/", "https://user:secret@news.example.org:8443/item?id=7", "http://[2001:DB8::1]:8080/",
        "https://WWW.Example.COM/about", "www.example.net/links.html", "://no-scheme.example/", "https:///no-host", "",
        "https://www.example.com.mirror.example/", "https://l.facebook.com/l.php?u=https%3A%2F%2Fwww.example.com%2F",
        "https://www.google.com?q=redis#top", "android-app://org.telegram.messenger", "https://" + Labels(253) + "/",
        "https://" + Labels(254) + "/",
    ];

    /// <summary>Authenticated user names (%u) seen on a few lines.</summary>
    internal static readonly string[] Users = ["alice", "bob", "admin", "deploy"];

    /// <summary>Product colours and sizes for query strings.</summary>
    internal static readonly string[] Colors = ["red", "blue", "black", "white", "green"];

    internal static readonly string[] Sizes = ["xs", "s", "m", "l", "xl"];

    /// <summary>utm_source values.</summary>
    internal static readonly string[] Sources = ["newsletter", "twitter", "facebook", "mastodon", "rss", "partner"];

    // A host name of exactly `length` bytes: 63-byte labels ("aaa...") joined by dots, under .example.
    private static string Labels(int length)
    {
        const string Suffix = ".example";
        var labels = new System.Text.StringBuilder(length);
        while (labels.Length < length - Suffix.Length)
        {
            if (labels.Length > 0)
            {
                labels.Append('.');
            }

            labels.Append('a', Math.Min(63, length - Suffix.Length - labels.Length));
        }

        return labels.Append(Suffix).ToString();
    }
}
