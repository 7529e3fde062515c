using System.Runtime.InteropServices;

namespace LogPipe.Parsing;

/// <summary>
/// Reads the day of each line's <c>%t</c> for one reader. Lines arrive in time order, so the day part of a timestamp
/// (<c>[dd/Mon/yyyy</c>) is nearly always that of the line before: then only the clock is checked and the date is
/// reused. The answer is always the one <see cref="ApacheTimestamp.TryWriteDate"/> gives.
/// </summary>
internal sealed class DayReader
{
    private readonly byte[] _date = new byte[ApacheTimestamp.DateLength];

    // The day part of the last valid timestamp, as two words; valid only once _known is set.
    private ulong _dayStart;
    private uint _dayEnd;
    private bool _known;

    /// <summary>The <c>yyyy-MM-dd</c> of the last timestamp <see cref="TryRead"/> accepted.</summary>
    public ReadOnlySpan<byte> Date => _date;

    /// <summary>Reads the day of <paramref name="time"/> into <see cref="Date"/>; false when it is not Apache's timestamp.</summary>
    public bool TryRead(ReadOnlySpan<byte> time)
    {
        if (time.Length != ApacheTimestamp.TimestampLength)
        {
            return false;
        }

        var dayStart = MemoryMarshal.Read<ulong>(time);
        var dayEnd = MemoryMarshal.Read<uint>(time[sizeof(ulong)..]);
        if (_known && dayStart == _dayStart && dayEnd == _dayEnd)
        {
            return ApacheTimestamp.IsValidClock(time);
        }

        if (!ApacheTimestamp.TryWriteDate(time, _date))
        {
            return false;
        }

        _dayStart = dayStart;
        _dayEnd = dayEnd;
        _known = true;
        return true;
    }
}
