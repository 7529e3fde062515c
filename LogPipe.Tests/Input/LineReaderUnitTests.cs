using System.Text;
using LogPipe.Input;

namespace LogPipe.Tests.Input;

public sealed class LineReaderUnitTests
{
    private const int OneMebibyte = 1 << 20;

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(OneMebibyte)]
    public void Lines_split_across_reads_are_joined(int bytesPerRead)
    {
        var handler = Read("first line\nsecond line\nthird\n"u8.ToArray(), bytesPerRead);

        Assert.Equal(["first line", "second line", "third"], handler.LineTexts);
    }

    [Fact]
    public void Carriage_return_before_the_newline_is_stripped()
    {
        var handler = Read("a\r\nb\r\nc\rd\n"u8.ToArray(), bytesPerRead: 1);

        Assert.Equal(["a", "b", "c\rd"], handler.LineTexts);
    }

    [Theory]
    [InlineData("a\nlast", 1)]
    [InlineData("a\nlast", OneMebibyte)]
    [InlineData("a\nlast\r", 1)]
    [InlineData("a\r\nlast\r", OneMebibyte)]
    public void Last_line_without_a_newline_is_delivered(string input, int bytesPerRead)
    {
        var handler = Read(Encoding.ASCII.GetBytes(input), bytesPerRead);

        Assert.Equal(["a", "last"], handler.LineTexts);
    }

    [Fact]
    public void Empty_lines_are_skipped()
    {
        var handler = Read("\n\na\n\r\n\nb\n\r"u8.ToArray(), bytesPerRead: 2);

        Assert.Equal(["a", "b"], handler.LineTexts);
    }

    [Fact]
    public void Empty_input_delivers_nothing_and_reaches_the_end()
    {
        var handler = new RecordingLineHandler();

        Assert.True(new LineReader(64).ReadToEnd(new ChunkedStream([], 1), handler));

        Assert.Empty(handler.Lines);
        Assert.Empty(handler.TooLongStarts);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(OneMebibyte)]
    public void Line_longer_than_the_limit_is_skipped_to_its_newline_and_reported_once(int bytesPerRead)
    {
        var input = Encoding.ASCII.GetBytes("short\n" + new string('x', 100) + "\nafter\nlast\n");

        var handler = Read(input, bytesPerRead, maxLineLength: 20);

        Assert.Equal(["short", "after", "last"], handler.LineTexts);
        Assert.Equal("xxxxxxxxxxxxxxxx", Encoding.ASCII.GetString(Assert.Single(handler.TooLongStarts)));
    }

    [Theory]
    [InlineData(7)]
    [InlineData(64 * 1024)]
    [InlineData(OneMebibyte)]
    public void Line_longer_than_the_whole_buffer_is_reported_once_and_the_next_line_still_arrives(int bytesPerRead)
    {
        var input = Encoding.ASCII.GetBytes("before\n" + new string('y', OneMebibyte + 4097) + "\nafter\n");

        var handler = Read(input, bytesPerRead, maxLineLength: 1024);

        Assert.Equal(["before", "after"], handler.LineTexts);
        Assert.Single(handler.TooLongStarts);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(OneMebibyte)]
    public void Line_of_exactly_the_limit_is_delivered_and_one_byte_more_is_too_long(int bytesPerRead)
    {
        const int Limit = 32;
        var fits = new string('f', Limit);
        var fitsWithCr = new string('c', Limit);
        var over = new string('o', Limit + 1);
        var input = Encoding.ASCII.GetBytes($"{fits}\n{fitsWithCr}\r\n{over}\n{over}\r\nend\n{fits}");

        var handler = Read(input, bytesPerRead, Limit);

        Assert.Equal([fits, fitsWithCr, "end", fits], handler.LineTexts);
        Assert.Equal(2, handler.TooLongStarts.Count);
    }

    [Fact]
    public void Too_long_last_line_without_a_newline_is_reported_once()
    {
        var handler = Read(Encoding.ASCII.GetBytes("ok\n" + new string('z', 50)), bytesPerRead: 7, maxLineLength: 20);

        Assert.Equal(["ok"], handler.LineTexts);
        Assert.Single(handler.TooLongStarts);
    }

    [Fact]
    public void Same_bytes_give_the_same_lines_whatever_the_read_size()
    {
        const int MaxLineLength = 1024;
        var input = MixedInput(new Random(20091002), MaxLineLength);
        var (expectedLines, expectedTooLong) = ReferenceSplit(input, MaxLineLength);

        foreach (var bytesPerRead in new[] { 1, 7, OneMebibyte })
        {
            var handler = Read(input, bytesPerRead, MaxLineLength);

            Assert.Equal(expectedLines, handler.LineTexts);
            Assert.Equal(expectedTooLong, handler.TooLongStarts.Select(Encoding.Latin1.GetString));
        }

        // The input must hold what the test claims to cover.
        Assert.True(expectedTooLong.Count >= 10);
        Assert.True(expectedLines.Count >= 500);
    }

    [Fact]
    public void Fifty_megabyte_line_without_a_newline_is_reported_once_in_bounded_memory()
    {
        var reader = new LineReader(1024);

        // The same path, as long, once before measuring: compiling it, and recompiling its loop once hot, are not counted.
        Read("warm\nup\n" + new string('w', 3000) + "\n", reader, bytesPerRead: 5);
        reader.ReadToEnd(new RepeatedByteStream((byte)'w', 50L * OneMebibyte), new RecordingLineHandler());
        var handler = new RecordingLineHandler();
        var input = new RepeatedByteStream((byte)'a', 50L * OneMebibyte);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var reachedEnd = reader.ReadToEnd(input, handler);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(reachedEnd);
        Assert.Equal(50L * OneMebibyte, input.Served);
        Assert.Empty(handler.Lines);
        Assert.Equal("aaaaaaaaaaaaaaaa", Encoding.ASCII.GetString(Assert.Single(handler.TooLongStarts)));
        Assert.InRange(allocated, 0, 4096);
    }

    [Fact]
    public void Every_read_ends_its_chunk_after_its_lines()
    {
        var input = Encoding.ASCII.GetBytes("one\ntwo\nthree\n" + new string('x', 300) + "\nfour");

        var handler = Read(input, bytesPerRead: 3, maxLineLength: 100);

        Assert.True(handler.Chunks > 100);
        Assert.Equal(["one", "two", "three", "four"], handler.LineTexts);
        Assert.Single(handler.TooLongStarts);
    }

    [Fact]
    public void Cancellation_between_reads_stops_reading_and_returns_false()
    {
        using var stop = new CancellationTokenSource();
        var input = new ChunkedStream("a\nb\nc\nd\n"u8.ToArray(), bytesPerRead: 4) { AfterRead = stop.Cancel };
        var handler = new RecordingLineHandler();

        var reachedEnd = new LineReader(64).ReadToEnd(input, handler, stop.Token);

        Assert.False(reachedEnd);
        Assert.Equal(1, input.Reads);
        Assert.Equal(["a", "b"], handler.LineTexts);
        AssertBalanced(handler);
    }

    [Fact]
    public void Cancelled_token_reads_nothing()
    {
        var input = new ChunkedStream("a\n"u8.ToArray(), bytesPerRead: 4);
        var handler = new RecordingLineHandler();

        Assert.False(new LineReader(64).ReadToEnd(input, handler, new CancellationToken(canceled: true)));

        Assert.Equal(0, input.Reads);
        Assert.Empty(handler.Lines);
    }

    private static RecordingLineHandler Read(byte[] input, int bytesPerRead, int maxLineLength = 4096) =>
        Read(input, new LineReader(maxLineLength), bytesPerRead);

    private static RecordingLineHandler Read(string input, LineReader reader, int bytesPerRead) =>
        Read(Encoding.ASCII.GetBytes(input), reader, bytesPerRead);

    private static RecordingLineHandler Read(byte[] input, LineReader reader, int bytesPerRead)
    {
        var handler = new RecordingLineHandler();

        Assert.True(reader.ReadToEnd(new ChunkedStream(input, bytesPerRead), handler));

        AssertBalanced(handler);
        return handler;
    }

    private static void AssertBalanced(RecordingLineHandler handler)
    {
        Assert.Equal(0, handler.LinesAfterLastChunkEnd);
    }

    // Short lines, CRLF and bare LF, empty lines, lines at and around the limit, some too long, and a last line without
    // a newline. Small enough that one-byte reads stay fast; lines longer than the whole buffer have their own test.
    private static byte[] MixedInput(Random random, int maxLineLength)
    {
        var input = new List<byte>();
        void AddLine(int length, byte fill, bool crlf)
        {
            for (var i = 0; i < length; i++)
            {
                input.Add(i == 0 ? (byte)'A' : (byte)(fill + (i % 20)));
            }

            if (crlf)
            {
                input.Add((byte)'\r');
            }

            input.Add((byte)'\n');
        }

        for (var i = 0; i < 2000; i++)
        {
            var crlf = random.Next(4) == 0;
            switch (random.Next(100))
            {
                case < 5:
                    AddLine(0, (byte)'e', crlf);
                    break;
                case < 8:
                    AddLine(maxLineLength + random.Next(-1, 2), (byte)'b', crlf);
                    break;
                case 8:
                    AddLine(maxLineLength + random.Next(2, 4000), (byte)'t', crlf);
                    break;
                default:
                    AddLine(random.Next(1, 120), (byte)'a', crlf);
                    break;
            }
        }

        AddLine(40, (byte)'l', crlf: false);
        input.RemoveAt(input.Count - 1);
        return [.. input];
    }

    // The reference the reader must agree with: split at LF, drop one CR before it, skip empty lines.
    private static (List<string> Lines, List<string> TooLongStarts) ReferenceSplit(byte[] input, int maxLineLength)
    {
        var lines = new List<string>();
        var tooLong = new List<string>();
        foreach (var raw in Encoding.Latin1.GetString(input).Split('\n'))
        {
            var line = raw.EndsWith('\r') ? raw[..^1] : raw;
            if (line.Length == 0)
            {
                continue;
            }

            if (line.Length > maxLineLength)
            {
                tooLong.Add(line[..RecordingLineHandler.RecordedTooLongBytes]);
            }
            else
            {
                lines.Add(line);
            }
        }

        return (lines, tooLong);
    }

    /// <summary>An endless supply of one byte value, up to <c>length</c>, without a buffer of that size.</summary>
    private sealed class RepeatedByteStream(byte value, long length) : Stream
    {
        public long Served { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position
        {
            get => Served;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var count = (int)Math.Min(buffer.Length, length - Served);
            buffer[..count].Fill(value);
            Served += count;
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
