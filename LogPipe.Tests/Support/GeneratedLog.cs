using LogPipe.LogGen;

namespace LogPipe.Tests.Support;

/// <summary>A generated access log held in memory with what a correct LogPipe must count from it.</summary>
public sealed class GeneratedLog
{
    private GeneratedLog(byte[] bytes, ExpectedCounts expected, ExpectedCounts expectedCountAll, ExpectedReports expectedReports)
    {
        Bytes = bytes;
        Expected = expected;
        ExpectedCountAll = expectedCountAll;
        ExpectedReports = expectedReports;
        var lines = bytes.AsSpan();
        var previous = -1;
        for (var i = lines.IndexOf((byte)'\n'); i >= 0; i = NextNewline(lines, i))
        {
            if (i == previous + 1 || (i == previous + 2 && lines[i - 1] == (byte)'\r'))
            {
                EmptyLines++;
            }

            previous = i;
        }
    }

    public byte[] Bytes { get; }

    /// <summary>Page views under the default rule.</summary>
    public ExpectedCounts Expected { get; }

    /// <summary>Every GET under its target as logged: <c>--count-all</c>.</summary>
    public ExpectedCounts ExpectedCountAll { get; }

    /// <summary>The reports (issue 16) a LogPipe run with <c>--site-host</c> <see cref="SiteHost"/> must write.</summary>
    public ExpectedReports ExpectedReports { get; }

    /// <summary>The site the log is of, for <c>--site-host</c>: its own referers are not referrers.</summary>
    public static string SiteHost => AccessLogGenerator.SiteHost;

    /// <summary>Lines with nothing on them (a lone CR included): LogPipe skips them without counting them as read.</summary>
    public long EmptyLines { get; }

    public static GeneratedLog Create(GeneratorOptions options) =>
        new(AccessLogGenerator.Generate(options, out var expected, out var expectedCountAll, out var expectedReports), expected, expectedCountAll, expectedReports);

    /// <summary>
    /// The log cut into consecutive parts at the first line end at or after each of <paramref name="fractions"/> (of its
    /// bytes, increasing); the last part runs to the end.
    /// </summary>
    public ReadOnlyMemory<byte>[] Parts(params double[] fractions)
    {
        ArgumentNullException.ThrowIfNull(fractions);
        var parts = new ReadOnlyMemory<byte>[fractions.Length + 1];
        var start = 0;
        for (var i = 0; i < fractions.Length; i++)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(fractions[i], 0.0);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(fractions[i], 1.0);
            var cut = Math.Max(start, LineEndAfter((int)(Bytes.Length * fractions[i])));
            parts[i] = Bytes.AsMemory(start, cut - start);
            start = cut;
        }

        parts[^1] = Bytes.AsMemory(start);
        return parts;
    }

    /// <summary>The share of the log's bytes that <paramref name="bytes"/> make, for <see cref="Parts"/>.</summary>
    public double Share(long bytes) => Math.Min(1.0, (double)bytes / Bytes.Length);

    private static int NextNewline(ReadOnlySpan<byte> bytes, int after)
    {
        var next = bytes[(after + 1)..].IndexOf((byte)'\n');
        return next < 0 ? -1 : after + 1 + next;
    }

    private int LineEndAfter(int position)
    {
        if (position >= Bytes.Length)
        {
            return Bytes.Length;
        }

        var newline = Bytes.AsSpan(position).IndexOf((byte)'\n');
        return newline < 0 ? Bytes.Length : position + newline + 1;
    }
}
