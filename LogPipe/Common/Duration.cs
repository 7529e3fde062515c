using System.Globalization;

namespace LogPipe.Common;

/// <summary>Durations as operators write them: <c>86400</c> (seconds), <c>250ms</c>, <c>30s</c>, <c>90m</c>, <c>24h</c>, <c>2d</c>.</summary>
internal static class Duration
{
    public const string Syntax = "a number of seconds or a number with ms, s, m, h or d (e.g. 250ms, 90m, 24h, 2d)";

    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = default;
        text = text.Trim();
        var (digits, unit) = SplitUnit(text);
        if (digits.Length == 0 || !double.TryParse(digits, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
        {
            return false;
        }

        var milliseconds = unit switch
        {
            "ms" => amount,
            "" or "s" => amount * 1000,
            "m" => amount * 60_000,
            "h" => amount * 3_600_000,
            "d" => amount * 86_400_000,
            _ => double.NaN,
        };
        if (double.IsNaN(milliseconds) || milliseconds > TimeSpan.MaxValue.TotalMilliseconds / 2)
        {
            return false;
        }

        duration = TimeSpan.FromMilliseconds(milliseconds);
        return true;
    }

    /// <summary>The shortest exact way to write <paramref name="duration"/> in <see cref="Syntax"/>, for help and logs.</summary>
    public static string Format(TimeSpan duration) => duration switch
    {
        { TotalMilliseconds: var ms } when ms % 86_400_000 == 0 && ms > 0 => $"{ms / 86_400_000}d",
        { TotalMilliseconds: var ms } when ms % 3_600_000 == 0 && ms > 0 => $"{ms / 3_600_000}h",
        { TotalMilliseconds: var ms } when ms % 60_000 == 0 && ms > 0 => $"{ms / 60_000}m",
        { TotalMilliseconds: var ms } when ms % 1000 == 0 => $"{ms / 1000}s",
        _ => $"{duration.TotalMilliseconds}ms",
    };

    private static (string Digits, string Unit) SplitUnit(string text)
    {
        var i = 0;
        while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
        {
            i++;
        }

        return (text[..i], text[i..].ToLowerInvariant());
    }
}
