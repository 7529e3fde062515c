using BenchmarkDotNet.Attributes;
using LogPipe.Parsing;

namespace LogPipe.Benchmarks;

/// <summary>
/// AccessLogParser over lines already split, in the combined format: TryParse reads every field, TryParseRequired
/// only the time, request line and status, and with the user agent wanted (what the page-view rule needs) that too.
/// </summary>
public class ParsingBenchmarks
{
    private AccessLogParser _parser = null!;
    private AccessLogParser _withUserAgent = null!;
    private byte[] _bytes = null!;
    private Range[] _lines = null!;

    [GlobalSetup]
    public void Setup()
    {
        _parser = new AccessLogParser(LogFormat.Combined);
        _withUserAgent = new AccessLogParser(LogFormat.Combined, LogFormat.FieldBit(LogField.UserAgent), []);
        _bytes = GeneratedLog.Instance.Bytes;
        _lines = GeneratedLog.Instance.LineRanges;
    }

    [Benchmark(OperationsPerInvoke = GeneratedLog.Lines, Description = "Parse lines (AccessLogParser.TryParse)")]
    public int Parse()
    {
        var parsed = 0;
        var bytes = _bytes;
        foreach (var range in _lines)
        {
            if (_parser.TryParse(bytes.AsSpan(range), out var entry))
            {
                parsed += entry.Target.Length;
            }
        }

        return parsed;
    }

    [Benchmark(OperationsPerInvoke = GeneratedLog.Lines, Description = "Parse required fields (AccessLogParser.TryParseRequired)")]
    public int ParseRequired()
    {
        var parsed = 0;
        var bytes = _bytes;
        foreach (var range in _lines)
        {
            if (_parser.TryParseRequired(bytes.AsSpan(range), out var entry))
            {
                parsed += entry.Target.Length;
            }
        }

        return parsed;
    }

    [Benchmark(OperationsPerInvoke = GeneratedLog.Lines, Description = "Parse required fields and the user agent (the default rule's)")]
    public int ParseRequiredAndUserAgent()
    {
        var parsed = 0;
        var bytes = _bytes;
        foreach (var range in _lines)
        {
            if (_withUserAgent.TryParseRequired(bytes.AsSpan(range), out var entry))
            {
                parsed += entry.UserAgent.Length;
            }
        }

        return parsed;
    }
}
