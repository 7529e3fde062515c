using System.Text;
using LogPipe.Input;

namespace LogPipe.Tests.Input;

/// <summary>Records what <see cref="LineReader"/> delivers, and whether every line was followed by the end of its chunk.</summary>
internal sealed class RecordingLineHandler : ILineHandler
{
    // Enough to tell lines apart; a too-long line may be megabytes, and copying it would defeat the memory tests.
    public const int RecordedTooLongBytes = 16;

    public List<byte[]> Lines { get; } = [];

    /// <summary>The first <see cref="RecordedTooLongBytes"/> bytes of each line reported as too long.</summary>
    public List<byte[]> TooLongStarts { get; } = new(capacity: 4);

    public int Chunks { get; private set; }

    /// <summary>Lines and too-long lines delivered since the last EndChunk: a batching handler would never count them.</summary>
    public int LinesAfterLastChunkEnd { get; private set; }

    public IEnumerable<string> LineTexts => Lines.Select(Encoding.Latin1.GetString);

    public void EndChunk()
    {
        Chunks++;
        LinesAfterLastChunkEnd = 0;
    }

    public void OnLine(ReadOnlySpan<byte> line)
    {
        LinesAfterLastChunkEnd++;
        Lines.Add(line.ToArray());
    }

    public void OnLineTooLong(ReadOnlySpan<byte> start)
    {
        LinesAfterLastChunkEnd++;
        TooLongStarts.Add(start[..Math.Min(start.Length, RecordedTooLongBytes)].ToArray());
    }
}
