namespace LogPipe.LogGen;

/// <summary>
/// Settings for <see cref="AccessLogGenerator"/>. Same options (including <see cref="Seed"/>) give the same bytes.
/// Usable positionally (<c>new GeneratorOptions(Lines: 1000)</c>) or with an initializer
/// (<c>new GeneratorOptions { Lines = 1000 }</c>); every setting has a default.
/// </summary>
/// <param name="Lines">Number of lines to write; odd, empty and garbage lines each count as one line.</param>
/// <param name="Days">Number of consecutive days the timestamps spread over, starting at <paramref name="StartDate"/>.</param>
/// <param name="StartDate">First day (local to the fixed +0100 offset); <c>default</c> means 2026-11-01.</param>
/// <param name="DistinctPaths">Size of the pool of distinct request targets.</param>
/// <param name="ZipfExponent">Zipf exponent of the path popularity (rank k has weight 1/k^s).</param>
/// <param name="BotShare">Share of lines sent by bots (Googlebot, bingbot, AhrefsBot, curl, ...).</param>
/// <param name="Ipv6Share">Share of lines from IPv6 clients.</param>
/// <param name="OddShare">Share of odd or malformed lines (timeouts, TLS on the HTTP port, garbage, truncation, ...).</param>
/// <param name="Seed">Seed of the deterministic random generator.</param>
/// <param name="Format">"combined" (with Referer and User-Agent) or "common".</param>
public sealed record GeneratorOptions(
    int Lines = 10_000,
    int Days = 1,
    DateOnly StartDate = default,
    int DistinctPaths = 200,
    double ZipfExponent = 1.1,
    double BotShare = 0.15,
    double Ipv6Share = 0.1,
    double OddShare = 0.02,
    int Seed = 1,
    string Format = "combined")
{
    /// <summary>The start date used when none is given: 2026-11-01.</summary>
    public static readonly DateOnly DefaultStartDate = new(2026, 11, 1);

    /// <summary>First day of the log; <c>default(DateOnly)</c> is replaced by <see cref="DefaultStartDate"/>.</summary>
    public DateOnly StartDate { get; init; } = StartDate == default ? DefaultStartDate : StartDate;

    /// <summary>True for the combined format, false for the common format.</summary>
    public bool IsCombined => string.Equals(Format, "combined", StringComparison.OrdinalIgnoreCase);

    /// <summary>Throws when a setting is out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(Lines);
        ArgumentOutOfRangeException.ThrowIfLessThan(Days, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Days, 3650);
        ArgumentOutOfRangeException.ThrowIfLessThan(DistinctPaths, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(DistinctPaths, 10_000_000);
        CheckShare(BotShare, nameof(BotShare));
        CheckShare(Ipv6Share, nameof(Ipv6Share));
        CheckShare(OddShare, nameof(OddShare));
        if (!double.IsFinite(ZipfExponent) || ZipfExponent < 0 || ZipfExponent > 10)
        {
            throw new ArgumentOutOfRangeException(nameof(ZipfExponent), ZipfExponent, "must be between 0 and 10");
        }

        if (!string.Equals(Format, "combined", StringComparison.OrdinalIgnoreCase)
            && !string.Equals(Format, "common", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"unknown format '{Format}' (expected 'combined' or 'common')", nameof(Format));
        }

        if (StartDate.AddDays(Days - 1).Year > 9999)
        {
            throw new ArgumentOutOfRangeException(nameof(StartDate), StartDate, "the last day must be before year 10000");
        }
    }

    private static void CheckShare(double value, string name)
    {
        if (!double.IsFinite(value) || value < 0 || value > 1)
        {
            throw new ArgumentOutOfRangeException(name, value, "must be between 0 and 1");
        }
    }
}
