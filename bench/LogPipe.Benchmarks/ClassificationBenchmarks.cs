using BenchmarkDotNet.Attributes;
using LogPipe.Filtering;
using LogPipe.Parsing;

namespace LogPipe.Benchmarks;

/// <summary>
/// The page-view rule alone (PageViewRule.Classify: method, status, path, asset, crawler) over lines already parsed
/// for the fields it needs: what classification adds to a line, with the user-agent cache warm as in a steady stream.
/// </summary>
public class ClassificationBenchmarks
{
    private AccessLogParser _parser = null!;
    private PageViewRule _rule = null!;
    private byte[] _bytes = null!;
    private Range[] _lines = null!;

    [GlobalSetup]
    public void Setup()
    {
        if (!StatusFilter.TryParse(StatusFilter.Default, out var statuses, out var error)
            || !AssetFilter.TryParse(AssetFilter.Default, out var assets, out error))
        {
            throw new InvalidOperationException(error);
        }

        _rule = new PageViewRule(new MethodFilter(["GET"]), statuses, assets!, UserAgentClassifier.CreateDefault(), keepQuery: false, countAll: false);
        _parser = new AccessLogParser(LogFormat.Combined, _rule.WantedFields, []);
        _bytes = GeneratedLog.Instance.Bytes;
        _lines = GeneratedLog.Instance.LineRanges;
        Classify();
    }

    [Benchmark(OperationsPerInvoke = GeneratedLog.Lines, Description = "Parse for the rule, then classify (PageViewRule.Classify)")]
    public int ParseAndClassify() => Classify();

    private int Classify()
    {
        var views = 0;
        var bytes = _bytes;
        foreach (var range in _lines)
        {
            if (_parser.TryParseRequired(bytes.AsSpan(range), out var entry) && _rule.Classify(entry, out var path) == LineKind.PageView)
            {
                views += path.Length;
            }
        }

        return views;
    }
}
