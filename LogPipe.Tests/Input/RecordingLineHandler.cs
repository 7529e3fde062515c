using System.Text;
using LogPipe.Input;

namespace LogPipe.Tests.Input;

/// <summary>Records what <see cref="LineReader"/> delivers, and every call made outside a Begin/EndChunk pair.</summary>
internal sealed class RecordingLineHandler : ILineHandler
{
    // Enough to tell lines apart; a too-long line may be megabytes, and copying it would defeat the memory tests.
    public const int RecordedTooLongBytes = 16;

    private int _depth;

    public List<byte[]> Lines { get; } = [];

    /// <summary>The first <see cref="RecordedTooLongBytes"/> bytes of each line reported as too long.</summary>
    public List<byte[]> TooLongStarts { get; } = new(capacity: 4);

    public int Chunks { get; private set; }

    /// <summary>Nested BeginChunk, EndChunk without BeginChunk, or a line delivered outside a chunk.</summary>
    public int UnbalancedCalls { get; private set; }

    public bool InsideChunk => _depth > 0;

    public IEnumerable<string> LineTexts => Lines.Select(Encoding.Latin1.GetString);

    public void BeginChunk()
    {
        if (_depth != 0)
        {
            UnbalancedCalls++;
        }

        _depth++;
        Chunks++;
    }

    public void EndChunk()
    {
        if (_depth != 1)
        {
            UnbalancedCalls++;
        }

        _depth--;
    }

    public void OnLine(ReadOnlySpan<byte> line)
    {
        CheckInsideChunk();
        Lines.Add(line.ToArray());
    }

    public void OnLineTooLong(ReadOnlySpan<byte> start)
    {
        CheckInsideChunk();
        TooLongStarts.Add(start[..Math.Min(start.Length, RecordedTooLongBytes)].ToArray());
    }

    private void CheckInsideChunk()
    {
        if (_depth != 1)
        {
            UnbalancedCalls++;
        }
    }
}
