namespace LogPipe.Reporting;

/// <summary>Orders names bytewise, as Redis orders members: the same order whatever the culture.</summary>
internal sealed class ByteOrder : IComparer<byte[]>
{
    public static ByteOrder Instance { get; } = new();

    public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
}
