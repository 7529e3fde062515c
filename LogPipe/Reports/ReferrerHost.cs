using System.Runtime.CompilerServices;

namespace LogPipe.Reports;

/// <summary>
/// The host of a referer URL, as the referrers report counts it: <c>https://User@WWW.Example.com:8443/a?b</c> is
/// <c>www.example.com</c>. A referer that is no <c>scheme://</c> URL (<c>-</c>, an app's package name) has none.
/// </summary>
internal static class ReferrerHost
{
    /// <summary>The longest host name DNS allows; a longer "host" is made up.</summary>
    public const int MaxLength = 253;

    /// <summary>
    /// Writes the referer's host, lower-cased, into <paramref name="destination"/> (<see cref="MaxLength"/> bytes) and
    /// returns its length; 0 when the referer names no host.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Write(ReadOnlySpan<byte> referer, Span<byte> destination)
    {
        var schemeEnd = referer.IndexOf("://"u8);
        return schemeEnd <= 0 ? 0 : WriteAuthorityHost(referer[(schemeEnd + 3)..], destination);
    }

    private static int WriteAuthorityHost(ReadOnlySpan<byte> rest, Span<byte> destination)
    {
        var authorityEnd = rest.IndexOfAny("/?#"u8);
        var host = authorityEnd < 0 ? rest : rest[..authorityEnd];
        var userEnd = host.LastIndexOf((byte)'@');
        host = host[(userEnd + 1)..];
        if (host is [(byte)'[', ..])
        {
            // An IPv6 literal keeps its brackets; a port may follow them.
            var close = host.IndexOf((byte)']');
            host = close < 0 ? default : host[..(close + 1)];
        }
        else if (host.IndexOf((byte)':') is var port and >= 0)
        {
            host = host[..port];
        }

        if (host.IsEmpty || host.Length > MaxLength)
        {
            return 0;
        }

        for (var i = 0; i < host.Length; i++)
        {
            var b = host[i];
            destination[i] = b is >= (byte)'A' and <= (byte)'Z' ? (byte)(b | 0x20) : b;
        }

        return host.Length;
    }
}
