using System.Buffers;
using System.Buffers.Text;

namespace LogPipe.LogGen;

/// <summary>
/// A large byte buffer in front of a stream. Lines are written whole into the buffer and the buffer is only flushed
/// between lines, so a line under construction can still be cut back by moving <see cref="Position"/>.
/// </summary>
internal sealed class ByteSink
{
    private readonly Stream _stream;
    private readonly byte[] _buffer;
    private int _position;

    public ByteSink(Stream stream, int capacity)
    {
        _stream = stream;
        _buffer = new byte[capacity];
    }

    /// <summary>Write position in the buffer; may be moved back within the current line to truncate it.</summary>
    public int Position
    {
        get => _position;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, _position);
            _position = value;
        }
    }

    /// <summary>What was written since the last flush.</summary>
    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _position);

    public void Write(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_buffer.AsSpan(_position));
        _position += bytes.Length;
    }

    public void Write(byte value) => _buffer[_position++] = value;

    public void WriteDecimal(int value)
    {
        if (!Utf8Formatter.TryFormat(value, _buffer.AsSpan(_position), out int written))
        {
            throw new InvalidOperationException("line buffer overflow");
        }

        _position += written;
    }

    public void WriteHex(int value)
    {
        if (!Utf8Formatter.TryFormat((uint)value, _buffer.AsSpan(_position), out int written, new StandardFormat('x')))
        {
            throw new InvalidOperationException("line buffer overflow");
        }

        _position += written;
    }

    /// <summary>Writes 0..99 as exactly two digits.</summary>
    public void WriteTwoDigits(int value)
    {
        _buffer[_position] = (byte)('0' + (value / 10));
        _buffer[_position + 1] = (byte)('0' + (value % 10));
        _position += 2;
    }

    public void Flush()
    {
        if (_position > 0)
        {
            _stream.Write(_buffer, 0, _position);
            _position = 0;
        }
    }
}
