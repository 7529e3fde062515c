using System.Globalization;
using System.Text;

namespace LogPipe.LogGen;

/// <summary>
/// Builds the pool of distinct request targets, most popular first: a fixed head (/, site.css, app.js, favicon, ...),
/// then generated articles, blog posts, assets, percent-encoded tags, query strings and scanner probes, with campaign
/// links (utm_*) at spaced ranks, and <see cref="LegacyPath"/> last (the HTTP/0.9 target). Every target is printable
/// ASCII without spaces or quotes.
/// </summary>
internal static class PathCatalog
{
    /// <summary>Target of the HTTP/0.9 odd lines; always in the pool when it holds two paths or more.</summary>
    internal const string LegacyPath = "/legacy/page";

    private const int FirstCampaignRank = 30;
    private const int CampaignSpacing = 10;

    private static readonly PathInfo[] s_head =
    [
        new("/", PathKind.Page, 18_406),
        new("/static/css/site.css", PathKind.Static, 24_117),
        new("/static/js/app.js", PathKind.Static, 88_310),
        new("/favicon.ico", PathKind.Static, 1_150),
        new("/images/logo.png", PathKind.Image, 6_032),
        new("/robots.txt", PathKind.Static, 68),
        new("/articles/42?ref=home", PathKind.Page, 23_512),
        new("/feed.xml", PathKind.Static, 41_733),
        new("/about", PathKind.Page, 9_876),
        new("/wp-login.php", PathKind.Missing, 196),
        new("/sitemap.xml", PathKind.Static, 12_440),
        new("/search?q=redis+counter&page=2", PathKind.Page, 14_208),
        new("/tag/caf%C3%A9", PathKind.Page, 11_093),
    ];

    // Campaign links (utm_*): a newsletter, social posts, paid search; values with '+' and percent-encoding (UTF-8,
    // Latin-1, a malformed %), one with utm_source only, one with utm_source twice, one with an empty utm_source, and one
    // whose UTM_Source is not utm_source (names are case-sensitive). Placed at every CampaignSpacing-th rank from
    // FirstCampaignRank, they draw about 3% of page views under the default Zipf exponent.
    private static readonly PathInfo[] s_campaigns =
    [
        new("/?utm_source=newsletter&utm_medium=email&utm_campaign=weekly-2026-11", PathKind.Page, 18_406),
        new("/articles/42?utm_source=twitter&utm_medium=social&utm_campaign=launch", PathKind.Page, 23_512),
        new("/about?utm_source=google&utm_medium=cpc&utm_campaign=brand+search&gclid=Cj0KCQiA", PathKind.Page, 9_876),
        new("/articles/42?ref=home&utm_campaign=caf%C3%A9+week&utm_medium=social&utm_source=mastodon", PathKind.Page, 23_512),
        new("/?utm_source=partner", PathKind.Page, 18_406),
        new("/tag/caf%C3%A9?utm_source=rss&utm_medium=feed&utm_source=feedly&utm_campaign=caf%E9", PathKind.Page, 11_093),
        new("/?utm_source=newsletter&utm_medium=email&utm_campaign=100%25+off%zz%4", PathKind.Page, 18_406),
        new("/about?utm_source=&utm_medium=qr&utm_campaign=poster", PathKind.Page, 9_876),
        new("/?UTM_Source=Newsletter&utm_medium=email&utm_campaign=C%2B%2B%20tips", PathKind.Page, 18_406),
    ];

    public static PathInfo[] Build(int count, Random random)
    {
        var result = new List<PathInfo>(count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        bool reserveLegacy = count >= 2;
        int generatedTarget = reserveLegacy ? count - 1 : count;
        seen.Add(LegacyPath);

        foreach (PathInfo head in s_head)
        {
            if (result.Count >= generatedTarget)
            {
                break;
            }

            if (seen.Add(head.Path))
            {
                result.Add(head);
            }
        }

        var builder = new StringBuilder(128);
        int failures = 0;
        int campaign = 0;
        while (result.Count < generatedTarget)
        {
            if (campaign < s_campaigns.Length && result.Count == FirstCampaignRank + (campaign * CampaignSpacing))
            {
                if (seen.Add(s_campaigns[campaign].Path))
                {
                    result.Add(s_campaigns[campaign]);
                }

                campaign++;
                continue;
            }

            PathInfo candidate = failures < 64
                ? Generate(random, builder)
                : new PathInfo($"/p/{result.Count.ToString(CultureInfo.InvariantCulture)}", PathKind.Page, 4_000 + random.Next(20_000));
            if (seen.Add(candidate.Path))
            {
                result.Add(candidate);
                failures = 0;
            }
            else
            {
                failures++;
            }
        }

        if (reserveLegacy)
        {
            result.Add(new PathInfo(LegacyPath, PathKind.Page, 2_310));
        }

        return [.. result];
    }

    private static PathInfo Generate(Random random, StringBuilder b)
    {
        b.Clear();
        int roll = random.Next(100);
        PathKind kind;
        int size;
        if (roll < 20)
        {
            b.Append("/articles/").Append(Number(random, 1, 200_000));
            (kind, size) = (PathKind.Page, 6_000 + random.Next(40_000));
        }
        else if (roll < 28)
        {
            b.Append("/articles/").Append(Number(random, 1, 200_000));
            switch (random.Next(4))
            {
                case 0:
                    b.Append("?ref=home");
                    break;
                case 1:
                    b.Append("?page=").Append(Number(random, 2, 12));
                    break;
                case 2:
                    b.Append("?utm_source=").Append(Pick(random, Corpus.Sources))
                        .Append("&utm_medium=email&utm_campaign=nov-").Append(Number(random, 1, 30));
                    break;
                default:
                    b.Append("?page=").Append(Number(random, 2, 9)).Append("&utm_source=").Append(Pick(random, Corpus.Sources));
                    break;
            }

            (kind, size) = (PathKind.Page, 6_000 + random.Next(40_000));
        }
        else if (roll < 46)
        {
            b.Append("/blog/").Append(Number(random, 2015, 2027)).Append('/');
            AppendSlug(random, b, 2, 5);
            if (random.Next(8) == 0)
            {
                b.Append("?replytocom=").Append(Number(random, 100, 99_999));
            }

            (kind, size) = (PathKind.Page, 8_000 + random.Next(60_000));
        }
        else if (roll < 50)
        {
            b.Append("/blog/").Append(Number(random, 2015, 2027)).Append('/').Append(Pick(random, Corpus.EncodedWords))
                .Append('-');
            AppendSlug(random, b, 1, 3);
            (kind, size) = (PathKind.Page, 8_000 + random.Next(60_000));
        }
        else if (roll < 56)
        {
            if (random.Next(2) == 0)
            {
                b.Append("/static/css/").Append(Pick(random, Corpus.Words)).Append(".css");
                (kind, size) = (PathKind.Static, 2_000 + random.Next(40_000));
            }
            else
            {
                b.Append("/static/js/").Append(Pick(random, Corpus.Words)).Append('.')
                    .Append(random.Next().ToString("x8", CultureInfo.InvariantCulture)).Append(".js");
                (kind, size) = (PathKind.Static, 10_000 + random.Next(300_000));
            }
        }
        else if (roll < 68)
        {
            b.Append("/images/");
            if (random.Next(3) == 0)
            {
                b.Append(Number(random, 2015, 2027)).Append('/').Append(Number(random, 1, 13).PadLeft(2, '0')).Append('/');
            }

            AppendSlug(random, b, 1, 3);
            b.Append(Pick(random, [".png", ".jpg", ".jpg", ".webp", ".svg", ".gif"]));
            (kind, size) = (PathKind.Image, 1_500 + random.Next(400_000));
        }
        else if (roll < 76)
        {
            b.Append("/tag/").Append(random.Next(2) == 0 ? Pick(random, Corpus.EncodedWords) : Pick(random, Corpus.Words));
            if (random.Next(3) == 0)
            {
                b.Append("?page=").Append(Number(random, 2, 20));
            }

            (kind, size) = (PathKind.Page, 5_000 + random.Next(20_000));
        }
        else if (roll < 80)
        {
            b.Append("/search?q=").Append(Pick(random, Corpus.Words)).Append('+')
                .Append(random.Next(3) == 0 ? Pick(random, Corpus.EncodedWords) : Pick(random, Corpus.Words));
            if (random.Next(2) == 0)
            {
                b.Append("&page=").Append(Number(random, 2, 10));
            }

            (kind, size) = (PathKind.Page, 5_000 + random.Next(20_000));
        }
        else if (roll < 83)
        {
            b.Append("/files/").Append(Capitalized(Pick(random, Corpus.Words))).Append("%20")
                .Append(Capitalized(Pick(random, Corpus.Words))).Append("%20").Append(Number(random, 2015, 2027)).Append(".pdf");
            (kind, size) = (PathKind.Static, 50_000 + random.Next(2_000_000));
        }
        else if (roll < 90)
        {
            if (random.Next(2) == 0)
            {
                b.Append("/api/v1/items/").Append(Number(random, 1, 1_000_000));
            }
            else
            {
                b.Append("/api/v1/items?limit=").Append(Pick(random, ["10", "20", "50", "100"])).Append("&offset=")
                    .Append(Number(random, 0, 5_000));
            }

            (kind, size) = (PathKind.Api, 150 + random.Next(8_000));
        }
        else if (roll < 95)
        {
            b.Append("/products/").Append(Number(random, 1, 100_000)).Append("?color=").Append(Pick(random, Corpus.Colors))
                .Append("&size=").Append(Pick(random, Corpus.Sizes));
            (kind, size) = (PathKind.Page, 10_000 + random.Next(50_000));
        }
        else if (roll < 97)
        {
            b.Append("/users/").Append(Pick(random, Corpus.Words)).Append('_').Append(Number(random, 1, 10_000));
            (kind, size) = (PathKind.Page, 4_000 + random.Next(12_000));
        }
        else
        {
            b.Append(Pick(random, Corpus.ScannerPaths));
            (kind, size) = (PathKind.Missing, 196);
        }

        return new PathInfo(b.ToString(), kind, size);
    }

    private static void AppendSlug(Random random, StringBuilder b, int minWords, int maxWords)
    {
        int words = random.Next(minWords, maxWords + 1);
        for (int i = 0; i < words; i++)
        {
            if (i > 0)
            {
                b.Append('-');
            }

            b.Append(Pick(random, Corpus.Words));
        }
    }

    private static string Number(Random random, int minInclusive, int maxExclusive) =>
        random.Next(minInclusive, maxExclusive).ToString(CultureInfo.InvariantCulture);

    private static string Pick(Random random, string[] choices) => choices[random.Next(choices.Length)];

    private static string Capitalized(string word) =>
        string.Concat(word[..1].ToUpperInvariant(), word.AsSpan(1));
}
