using System.Buffers.Text;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Win32.SafeHandles;

namespace LogPipe.Tests.Support;

/// <summary>
/// Writes into LogPipe's stdin as Apache does, in chunks and as fast as the pipe takes them, on a thread of its own, and
/// measures the longest gap between two successful writes. Written flat out, the pipe stays full, so any pause in
/// LogPipe's reading shows at once as a write that blocks.
/// </summary>
/// <remarks>
/// On a busy two-core machine a thread that is ready to run can wait 100 ms and more for a core. Linux records that
/// wait per thread (<c>/proc/.../schedstat</c>, second field): the gap is also given without the waits of the writing
/// thread and of LogPipe's reading thread, so a stall can be told apart from a crowded machine.
/// </remarks>
public sealed class StdinFeeder
{
    // About what Apache's children write between two reads of a busy piped logger; small enough that a stall shows.
    public const int DefaultChunkSize = 64 * 1024;

    private readonly Stream _input;
    private readonly int _readerProcessId;
    private readonly int _chunkSize;

    public StdinFeeder(Stream input, int readerProcessId, int chunkSize = DefaultChunkSize)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        _input = input;
        _readerProcessId = readerProcessId;
        _chunkSize = chunkSize;
    }

    /// <summary>Writes all of <paramref name="bytes"/>; returns the longest gap between successful writes within this call.</summary>
    public Task<WriteStalls> WriteAsync(ReadOnlyMemory<byte> bytes) =>
        Task.Factory.StartNew(() => Write(bytes.Span), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private WriteStalls Write(ReadOnlySpan<byte> bytes)
    {
        using var writer = OpenSchedStat("/proc/thread-self/schedstat");
        using var reader = OpenReaderSchedStat(_readerProcessId);
        long longest = 0;
        long longestNet = 0;
        var last = Stopwatch.GetTimestamp();
        var lastWaits = CpuWaitNanoseconds(writer) + CpuWaitNanoseconds(reader);
        for (var offset = 0; offset < bytes.Length; offset += _chunkSize)
        {
            _input.Write(bytes.Slice(offset, Math.Min(_chunkSize, bytes.Length - offset)));
            var now = Stopwatch.GetTimestamp();
            var waits = CpuWaitNanoseconds(writer) + CpuWaitNanoseconds(reader);
            var gap = now - last;
            longest = Math.Max(longest, gap);
            longestNet = Math.Max(longestNet, gap - ((waits - lastWaits) * Stopwatch.Frequency / 1_000_000_000));
            last = now;
            lastWaits = waits;
        }

        _input.Flush();
        return new WriteStalls(Stopwatch.GetElapsedTime(0, longest), Stopwatch.GetElapsedTime(0, Math.Max(0, longestNet)));
    }

    // WorkerHost reads on a LongRunning task: .NET names its thread ".NET Long Running Task" (15 bytes kept by Linux).
    private const string ReaderThreadName = ".NET Long Runni";

    /// <summary>The reading thread's schedstat: the busiest of the long-running threads, else the busiest thread.</summary>
    private static SafeFileHandle? OpenReaderSchedStat(int processId)
    {
        string? busiest = null;
        var best = (LongRunning: false, OnCpu: -1L);
        try
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{processId}/task"))
            {
                var path = Path.Combine(task, "schedstat");
                var candidate = (
                    LongRunning: File.ReadAllText(Path.Combine(task, "comm")).StartsWith(ReaderThreadName, StringComparison.Ordinal),
                    OnCpu: long.Parse(File.ReadAllText(path).Split(' ')[0], CultureInfo.InvariantCulture));
                if (candidate.CompareTo(best) > 0)
                {
                    best = candidate;
                    busiest = path;
                }
            }
        }
        catch (IOException)
        {
            // LogPipe has exited or the thread is gone: the gap is then taken as measured.
        }

        return busiest is null ? null : OpenSchedStat(busiest);
    }

    private static SafeFileHandle? OpenSchedStat(string path)
    {
        try
        {
            return File.OpenHandle(path);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Nanoseconds the thread has spent ready to run but waiting for a CPU; 0 when unknown.</summary>
    private static long CpuWaitNanoseconds(SafeFileHandle? schedStat)
    {
        if (schedStat is null)
        {
            return 0;
        }

        Span<byte> text = stackalloc byte[128];
        int length;
        try
        {
            // procfs regenerates the file on every read from offset 0.
            length = RandomAccess.Read(schedStat, text, 0);
        }
        catch (IOException)
        {
            return 0;
        }

        // "<ns on CPU> <ns waiting for a CPU> <time slices>\n"
        var fields = text[..length];
        var space = fields.IndexOf((byte)' ');
        return space >= 0 && Utf8Parser.TryParse(fields[(space + 1)..], out long waiting, out _) ? waiting : 0;
    }
}
