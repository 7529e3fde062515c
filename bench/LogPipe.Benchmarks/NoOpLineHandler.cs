using System.Runtime.CompilerServices;
using LogPipe.Input;

namespace LogPipe.Benchmarks;

/// <summary>Takes lines and does nothing but remember the last length, so the reader's own cost is what is measured.</summary>
internal sealed class NoOpLineHandler : ILineHandler
{
    public int LastLength { get; private set; }

    public void EndChunk()
    {
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public void OnLine(ReadOnlySpan<byte> line) => LastLength = line.Length;

    public void OnLineTooLong(ReadOnlySpan<byte> start) => LastLength = start.Length;
}
