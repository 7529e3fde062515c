using System.Runtime.CompilerServices;
using LogPipe.Counting;

namespace LogPipe.Reports;

/// <summary>
/// The campaign a page view's query string tags it with, as the campaigns report counts it:
/// <c>?utm_source=news&amp;utm_medium=email&amp;utm_campaign=winter+sale</c> is <c>news/email/winter sale</c>. Each part is
/// its parameter's first value, percent-decoded with <c>+</c> as a space; a missing part is empty.
/// </summary>
internal static class CampaignTag
{
    private static ReadOnlySpan<byte> Source => "utm_source"u8;

    private static ReadOnlySpan<byte> Medium => "utm_medium"u8;

    private static ReadOnlySpan<byte> Campaign => "utm_campaign"u8;

    /// <summary>
    /// Writes the campaign of <paramref name="target"/> into <paramref name="destination"/> and returns its length; -1 when
    /// the query has none of the three parameters. A campaign longer than <paramref name="destination"/> is written as
    /// <see cref="CounterKey.Overflow"/>: a request cannot make a report member of any length.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Write(ReadOnlySpan<byte> target, Span<byte> destination)
    {
        var query = target.IndexOf((byte)'?');
        return query < 0 || target[(query + 1)..].IndexOf("utm_"u8) < 0 ? -1 : WriteTagged(target[(query + 1)..], destination);
    }

    private static int WriteTagged(ReadOnlySpan<byte> query, Span<byte> destination)
    {
        ReadOnlySpan<byte> source = default, medium = default, campaign = default;
        bool hasSource = false, hasMedium = false, hasCampaign = false;
        while (!query.IsEmpty)
        {
            var end = query.IndexOf((byte)'&');
            var parameter = end < 0 ? query : query[..end];
            query = end < 0 ? default : query[(end + 1)..];
            var equals = parameter.IndexOf((byte)'=');
            var name = equals < 0 ? parameter : parameter[..equals];
            var value = equals < 0 ? default : parameter[(equals + 1)..];
            if (!hasSource && name.SequenceEqual(Source))
            {
                source = value;
                hasSource = true;
            }
            else if (!hasMedium && name.SequenceEqual(Medium))
            {
                medium = value;
                hasMedium = true;
            }
            else if (!hasCampaign && name.SequenceEqual(Campaign))
            {
                campaign = value;
                hasCampaign = true;
            }
        }

        if (!(hasSource || hasMedium || hasCampaign))
        {
            return -1;
        }

        var length = 0;
        if (!TryDecode(source, destination, ref length) || !TryAppend((byte)'/', destination, ref length)
            || !TryDecode(medium, destination, ref length) || !TryAppend((byte)'/', destination, ref length)
            || !TryDecode(campaign, destination, ref length))
        {
            CounterKey.Overflow.CopyTo(destination);
            return CounterKey.Overflow.Length;
        }

        return length;
    }

    private static bool TryDecode(ReadOnlySpan<byte> value, Span<byte> destination, ref int length)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var b = value[i];
            if (b == (byte)'+')
            {
                b = (byte)' ';
            }
            else if (b == (byte)'%' && i + 2 < value.Length && IsHex(value[i + 1]) && IsHex(value[i + 2]))
            {
                b = (byte)((HexValue(value[i + 1]) << 4) | HexValue(value[i + 2]));
                i += 2;
            }

            if (!TryAppend(b, destination, ref length))
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryAppend(byte value, Span<byte> destination, ref int length)
    {
        if (length == destination.Length)
        {
            return false;
        }

        destination[length++] = value;
        return true;
    }

    private static bool IsHex(byte value) => char.IsAsciiHexDigit((char)value);

    private static int HexValue(byte value) => value <= '9' ? value - '0' : (value | 0x20) - 'a' + 10;
}
