using System.Globalization;

namespace LogPipe.Cli;

/// <summary>Sizes as operators write them: <c>65536</c>, <c>64k</c>, <c>1m</c> (binary multiples: k = 1024).</summary>
internal static class ByteSize
{
    public const string Syntax = "a number of bytes, optionally with k or m (e.g. 65536, 64k, 1m)";

    public static bool TryParse(string text, out int bytes)
    {
        bytes = 0;
        text = text.Trim().ToLowerInvariant();
        var multiplier = 1L;
        if (text.EndsWith("kib", StringComparison.Ordinal) || text.EndsWith("mib", StringComparison.Ordinal))
        {
            text = text[..^2];
        }

        if (text.EndsWith('k'))
        {
            multiplier = 1024;
            text = text[..^1];
        }
        else if (text.EndsWith('m'))
        {
            multiplier = 1024 * 1024;
            text = text[..^1];
        }

        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount > int.MaxValue / multiplier)
        {
            return false;
        }

        bytes = (int)(amount * multiplier);
        return true;
    }
}
