using System.IO.Pipes;

namespace LogPipe.Worker;

/// <summary>
/// Stdin, telling the supervisor once that input was read: a byte on the pipe the supervisor passed in
/// <c>LOGPIPE_INPUT_SIGNAL_FD</c>. A worker that read before it died made progress, so its death is no crash loop and
/// its successor starts without the growing back-off that would leave Apache's pipe unread for seconds.
/// </summary>
internal sealed class FirstReadSignal : Stream
{
    private readonly Stream _input;
    private AnonymousPipeClientStream? _signal;

    public FirstReadSignal(Stream input, string descriptor)
    {
        _input = input;
        _signal = new AnonymousPipeClientStream(PipeDirection.Out, descriptor);
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Signal(_input.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Signal(_input.Read(buffer));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _signal?.Dispose();
            _input.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Signal(int read)
    {
        if (read > 0 && _signal is { } signal)
        {
            _signal = null;
            try
            {
                signal.WriteByte(1);
            }
            catch (IOException)
            {
                // The supervisor is gone; ParentWatch deals with that.
            }

            signal.Dispose();
        }

        return read;
    }
}
