using System.Globalization;

namespace LogPipe.Tests.Support;

/// <summary>
/// The longest time a writer into LogPipe's stdin waited between two successful writes: as measured, and with the time
/// the writer and LogPipe's reading thread spent waiting for a CPU taken out, which is what is left when another
/// process, not LogPipe, held the machine's cores.
/// </summary>
public readonly record struct WriteStalls(TimeSpan Longest, TimeSpan LongestNotWaitingForCpu)
{
    public static WriteStalls Max(params WriteStalls[] stalls)
    {
        ArgumentNullException.ThrowIfNull(stalls);
        return new(stalls.Max(s => s.Longest), stalls.Max(s => s.LongestNotWaitingForCpu));
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Longest.TotalMilliseconds:0.0} ms ({LongestNotWaitingForCpu.TotalMilliseconds:0.0} ms not waiting for a CPU)");
}
