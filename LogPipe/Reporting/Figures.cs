using System.Globalization;

namespace LogPipe.Reporting;

/// <summary>Numbers as the text report and the screen show them: thousands separated, shares in per cent.</summary>
internal static class Figures
{
    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary><c>12.3%</c>; an empty string when there is no whole to share.</summary>
    public static string Share(long part, long whole) =>
        whole > 0 ? Percent((double)part / whole) : string.Empty;

    public static string Percent(double share) => (share * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";
}
