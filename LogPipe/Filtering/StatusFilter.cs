using System.Globalization;
using System.Runtime.CompilerServices;

namespace LogPipe.Filtering;

/// <summary>
/// Which response statuses count (<c>--statuses</c>, default <c>200-299,304</c>): a set of three-digit codes held as
/// one bit each, so a line's status is checked with an index and a shift.
/// </summary>
internal sealed class StatusFilter
{
    public const string Default = "200-299,304";

    // Every three-digit status, 000 to 999, has its bit.
    private const int Codes = 1000;

    private readonly ulong[] _bits = new ulong[(Codes + 63) / 64];

    private StatusFilter()
    {
    }

    /// <summary>Parses a comma-separated list of codes and ranges (<c>200-299,304</c>), or says what is wrong with it.</summary>
    public static bool TryParse(string text, out StatusFilter? filter, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        filter = null;
        var parsed = new StatusFilter();
        var any = false;
        foreach (var item in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var dash = item.IndexOf('-', StringComparison.Ordinal);
            var firstText = dash < 0 ? item : item[..dash];
            var lastText = dash < 0 ? item : item[(dash + 1)..];
            if (!TryCode(firstText, out var first) || !TryCode(lastText, out var last) || last < first)
            {
                error = $"'{item}' is not a status code (100 to 599) or a range of them such as 200-299";
                return false;
            }

            for (var code = first; code <= last; code++)
            {
                parsed._bits[code >> 6] |= 1UL << (code & 63);
            }

            any = true;
        }

        if (!any)
        {
            error = $"give at least one status or range, e.g. {Default}";
            return false;
        }

        filter = parsed;
        error = null;
        return true;
    }

    /// <summary>True when the three ASCII digits of <paramref name="status"/> name a status that counts.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Matches(ReadOnlySpan<byte> status)
    {
        // The parser hands on three ASCII digits only; anything else has no bit.
        if (status.Length != 3)
        {
            return false;
        }

        var code = ((status[0] - '0') * 100) + ((status[1] - '0') * 10) + (status[2] - '0');
        return (uint)code < Codes && (_bits[code >> 6] & (1UL << (code & 63))) != 0;
    }

    private static bool TryCode(string text, out int code) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out code) && text.Length == 3 && code is >= 100 and <= 599;
}
