using BenchmarkDotNet.Attributes;
using LogPipe.Input;

namespace LogPipe.Benchmarks;

/// <summary>LineReader alone: a MemoryStream in, lines to a handler that does nothing.</summary>
public class LineSplittingBenchmarks
{
    private LineReader _reader = null!;
    private MemoryStream _input = null!;
    private NoOpLineHandler _handler = null!;

    [GlobalSetup]
    public void Setup()
    {
        _input = new MemoryStream(GeneratedLog.Instance.Bytes, writable: false);
        _reader = new LineReader(GeneratedLog.MaxLineLength);
        _handler = new NoOpLineHandler();
    }

    [GlobalCleanup]
    public void Cleanup() => _input.Dispose();

    [Benchmark(OperationsPerInvoke = GeneratedLog.Lines, Description = "Split lines (LineReader)")]
    public int SplitLines()
    {
        _input.Position = 0;
        _reader.ReadToEnd(_input, _handler);
        return _handler.LastLength;
    }
}
