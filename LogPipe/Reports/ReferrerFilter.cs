using System.Text;

namespace LogPipe.Reports;

/// <summary>
/// Which referring hosts the referrers report leaves out: the site itself (<c>--site-host</c>, or else the line's
/// virtual host) and the hosts of <c>--ignore-referrers</c> with their subdomains, as the public referrer-spam lists mean them.
/// </summary>
internal sealed class ReferrerFilter
{
    private readonly byte[][] _siteHosts;
    private readonly HashSet<string> _ignored;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _ignoredLookup;

    /// <param name="siteHosts">The site's own host names; empty to take each line's virtual host instead.</param>
    /// <param name="ignoredHosts">Hosts left out with their subdomains.</param>
    public ReferrerFilter(IEnumerable<string> siteHosts, IEnumerable<string> ignoredHosts)
    {
        ArgumentNullException.ThrowIfNull(siteHosts);
        ArgumentNullException.ThrowIfNull(ignoredHosts);
        _siteHosts = [.. siteHosts.Select(host => Encoding.UTF8.GetBytes(host.ToLowerInvariant()))];
        _ignored = new HashSet<string>(ignoredHosts.Select(host => host.ToLowerInvariant()), StringComparer.Ordinal);
        _ignoredLookup = _ignored.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>True when the site's hosts come from each line's virtual host, which must then be read.</summary>
    public bool UsesVirtualHost => _siteHosts.Length == 0;

    /// <summary>True when a page view referred by <paramref name="host"/> (lower-case) counts, on a line of <paramref name="virtualHost"/>.</summary>
    public bool Counts(ReadOnlySpan<byte> host, ReadOnlySpan<byte> virtualHost)
    {
        if (_siteHosts.Length == 0)
        {
            if (Ascii.EqualsIgnoreCase(host, virtualHost))
            {
                return false;
            }
        }
        else
        {
            foreach (var site in _siteHosts)
            {
                if (host.SequenceEqual(site))
                {
                    return false;
                }
            }
        }

        return _ignored.Count == 0 || !IsIgnored(host);
    }

    // The host and each domain it belongs to: a.spam.example is ignored by spam.example.
    private bool IsIgnored(ReadOnlySpan<byte> host)
    {
        Span<char> text = stackalloc char[ReferrerHost.MaxLength];
        text = text[..Encoding.Latin1.GetChars(host, text)];
        while (true)
        {
            if (_ignoredLookup.Contains(text))
            {
                return true;
            }

            var dot = text.IndexOf('.');
            if (dot < 0)
            {
                return false;
            }

            text = text[(dot + 1)..];
        }
    }
}
