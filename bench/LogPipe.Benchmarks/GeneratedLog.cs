using LogPipe.LogGen;

namespace LogPipe.Benchmarks;

/// <summary>
/// One generated access log in memory, shared by every benchmark: the distribution of bench/throughput.sh's file
/// (10,000 paths over 7 days, 15% bots, 2% odd lines) at a size that fits a benchmark invocation.
/// </summary>
internal sealed class GeneratedLog
{
    /// <summary>Lines per invocation; the benchmarks use it as OperationsPerInvoke, so every figure is per line.</summary>
    public const int Lines = 500_000;

    /// <summary>LogPipe's default <c>--max-line-length</c> (64k).</summary>
    public const int MaxLineLength = 64 * 1024;

    private static readonly Lazy<GeneratedLog> s_instance = new(() => new GeneratedLog());

    private GeneratedLog()
    {
        Bytes = AccessLogGenerator.Generate(
            new GeneratorOptions { Lines = Lines, DistinctPaths = 10_000, Days = 7, Seed = 42 },
            out var expected);
        DistinctKeys = expected.Counts.Count;
        LineRanges = Split(Bytes);
    }

    public static GeneratedLog Instance => s_instance.Value;

    public byte[] Bytes { get; }

    /// <summary>
    /// Exactly <see cref="Lines"/> lines as LineReader delivers them (no newline, no trailing CR, no empty line);
    /// the empty lines it drops are made up for by repeating the first lines.
    /// </summary>
    public Range[] LineRanges { get; }

    /// <summary>Distinct (date, path) keys a correct count finds.</summary>
    public int DistinctKeys { get; }

    private static Range[] Split(byte[] bytes)
    {
        var ranges = new List<Range>(Lines);
        var start = 0;
        while (start < bytes.Length)
        {
            var newline = bytes.AsSpan(start).IndexOf((byte)'\n');
            var end = newline < 0 ? bytes.Length : start + newline;
            var lineEnd = end > start && bytes[end - 1] == (byte)'\r' ? end - 1 : end;
            if (lineEnd > start)
            {
                ranges.Add(start..lineEnd);
            }

            start = end + 1;
        }

        for (var i = 0; ranges.Count < Lines; i++)
        {
            ranges.Add(ranges[i]);
        }

        return [.. ranges];
    }
}
