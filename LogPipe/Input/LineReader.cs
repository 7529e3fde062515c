using System.Runtime.CompilerServices;

namespace LogPipe.Input;

/// <summary>
/// Cuts a byte stream into lines with a fixed buffer: lines split across reads are joined, CRLF and a last line
/// without a newline are handled, and a line over the limit is skipped to its newline, so memory never depends on input.
/// </summary>
internal sealed class LineReader
{
    private const byte CarriageReturn = (byte)'\r';
    private const byte NewLine = (byte)'\n';

    // Big reads amortise the syscall; the kernel pipe (F_SETPIPE_SZ) is at most this size anyway.
    private const int MinimumBufferSize = 1 << 20;

    private readonly int _maxLineLength;
    private readonly byte[] _buffer;
    private long _blankLines;

    public LineReader(int maxLineLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLineLength, 1);
        _maxLineLength = maxLineLength;

        // Room for a whole line of the maximum length plus CR LF, so a line that fits is never cut.
        _buffer = new byte[Math.Max(MinimumBufferSize, maxLineLength + 2)];
    }

    /// <summary>
    /// Empty lines (a lone CR included) skipped so far: they are not lines of the log, so no handler sees them and
    /// they are not "lines read"; the summary gives them apart, so that its figures add up to a file's line count.
    /// </summary>
    public long BlankLines => Volatile.Read(ref _blankLines);

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
                    Deliver(handler, buffer, 0, filled);
                    handler.EndChunk();
                }

                return true;
            }

            var end = filled + read;
            try
            {
                // The bytes before `filled` were searched on the last round: they hold no newline.
                var start = 0;
                var searchFrom = filled;
                if (skipping)
                {
                    // The rest of a line too long to count: dropped up to its newline.
                    var newLine = buffer.AsSpan(0, end).IndexOf(NewLine);
                    if (newLine < 0)
                    {
                        filled = 0;
                        continue;
                    }

                    skipping = false;
                    start = newLine + 1;
                    searchFrom = start;
                }

                start = DeliverLines(handler, buffer.AsSpan(0, end), start, searchFrom);
                var remaining = end - start;
                if (remaining > _maxLineLength + 1)
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

    // Every whole line of data from start on, in order; returns where the unfinished last one starts. A method of its
    // own, kept out of ReadToEnd: there, the reader's other state and its try/finally left the loop's variables on the
    // stack, reloaded after every line's call.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private int DeliverLines(ILineHandler handler, ReadOnlySpan<byte> data, int start, int searchFrom)
    {
        var newLines = new NewlineFinder(data, searchFrom);
        while (newLines.TryNext(out var lineEnd))
        {
            Deliver(handler, data, start, lineEnd - start);
            start = lineEnd + 1;
        }

        return start;
    }

    // The line of `length` bytes at `start`, without a carriage return that ends it; an empty line is skipped. By
    // position and length, not a sliced span: a span reassigned here lived on the stack, reloaded at every use.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Deliver(ILineHandler handler, ReadOnlySpan<byte> data, int start, int length)
    {
        if (length > 0 && data[start + length - 1] == CarriageReturn)
        {
            length--;
        }

        if (length == 0)
        {
            _blankLines++;
            return;
        }

        if (length > _maxLineLength)
        {
            handler.OnLineTooLong(data.Slice(start, length));
            return;
        }

        handler.OnLine(data.Slice(start, length));
    }
}
