using System.Runtime.CompilerServices;

namespace LogPipe.Input;

/// <summary>
/// Cuts a byte stream into lines with a fixed buffer: lines split across reads are joined, CRLF and a last line
/// without a newline are handled, and a line over the limit is skipped to its newline, so memory never depends on input.
/// </summary>
internal sealed class LineReader
{
    private const byte CarriageReturn = (byte)'\r';

    // Big reads amortise the syscall; the kernel pipe (F_SETPIPE_SZ) is at most this size anyway.
    private const int MinimumBufferSize = 1 << 20;

    private readonly int _maxLineLength;
    private readonly byte[] _buffer;

    public LineReader(int maxLineLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLineLength, 1);
        _maxLineLength = maxLineLength;

        // Room for a whole line of the maximum length plus CR LF, so a line that fits is never cut.
        _buffer = new byte[Math.Max(MinimumBufferSize, maxLineLength + 2)];
    }

    /// <summary>Reads <paramref name="input"/> to its end, or until <paramref name="stop"/> is cancelled between reads.</summary>
    /// <returns>True at end of input; false when stopped first.</returns>
    public bool ReadToEnd(Stream input, ILineHandler handler, CancellationToken stop = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(handler);
        var buffer = _buffer;
        var filled = 0;
        var skipping = false;
        while (!stop.IsCancellationRequested)
        {
            var read = input.Read(buffer, filled, buffer.Length - filled);
            if (read == 0)
            {
                if (filled > 0 && !skipping)
                {
                    Deliver(handler, buffer.AsSpan(0, filled));
                    handler.EndChunk();
                }

                return true;
            }

            var end = filled + read;
            var start = 0;
            try
            {
                // The bytes before `filled` were searched on the last round: they hold no newline.
                var newLines = new NewlineFinder(buffer.AsSpan(0, end), filled);
                while (newLines.TryNext(out var lineEnd))
                {
                    if (skipping)
                    {
                        skipping = false;
                    }
                    else
                    {
                        Deliver(handler, buffer.AsSpan(start, lineEnd - start));
                    }

                    start = lineEnd + 1;
                }

                var remaining = end - start;
                if (skipping)
                {
                    filled = 0;
                }
                else if (remaining > _maxLineLength + 1)
                {
                    handler.OnLineTooLong(buffer.AsSpan(start, remaining));
                    skipping = true;
                    filled = 0;
                }
                else
                {
                    buffer.AsSpan(start, remaining).CopyTo(buffer);
                    filled = remaining;
                }
            }
            finally
            {
                handler.EndChunk();
            }
        }

        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Deliver(ILineHandler handler, ReadOnlySpan<byte> line)
    {
        if (!line.IsEmpty && line[^1] == CarriageReturn)
        {
            line = line[..^1];
        }

        if (line.IsEmpty)
        {
            return;
        }

        if (line.Length > _maxLineLength)
        {
            handler.OnLineTooLong(line);
            return;
        }

        handler.OnLine(line);
    }
}
