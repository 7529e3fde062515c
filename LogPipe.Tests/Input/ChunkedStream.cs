namespace LogPipe.Tests.Input;

/// <summary>
/// A read-only stream over fixed bytes that returns at most <c>bytesPerRead</c> bytes per read, as a pipe does when
/// the writer is slow, so that a test can choose where reads split the lines.
/// </summary>
internal sealed class ChunkedStream : Stream
{
    private readonly byte[] _data;
    private readonly int _bytesPerRead;
    private int _position;

    public ChunkedStream(byte[] data, int bytesPerRead)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(bytesPerRead, 1);
        _data = data;
        _bytesPerRead = bytesPerRead;
    }

    /// <summary>Called after every read that returned data; lets a test act between two reads.</summary>
    public Action? AfterRead { get; init; }

    public int Reads { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        Reads++;
        var count = Math.Min(Math.Min(buffer.Length, _bytesPerRead), _data.Length - _position);
        _data.AsSpan(_position, count).CopyTo(buffer);
        _position += count;
        if (count > 0)
        {
            AfterRead?.Invoke();
        }

        return count;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
