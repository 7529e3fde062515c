using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace LogPipe.Parsing;

/// <summary>
/// Reads the day of each line's <c>%t</c> for one reader. Lines arrive in time order, so the day part of a timestamp
/// (<c>[dd/Mon/yyyy</c>) is nearly always that of the line before: then only the clock is checked and the date is
/// reused; and on a busy server the clock too is the one before, already checked. The answer is always the one
/// <see cref="ApacheTimestamp.TryWriteDate"/> gives.
/// </summary>
internal sealed class DayReader
{
    private readonly byte[] _date = new byte[ApacheTimestamp.DateLength];
    private readonly byte[] _latestDate = new byte[ApacheTimestamp.DateLength];
    private readonly Action? _onLaterDay;

    // The day part of the last valid timestamp, as two words, and the rest of it, the clock; valid only once _known is set.
    private ulong _dayStart;
    private uint _dayEnd;
    private Vector128<byte> _clock;
    private bool _known;

    /// <param name="onLaterDay">
    /// Called when a line's day is later than every day read before it (not for the first day), before
    /// <see cref="TryRead"/> returns: once a day on a live log, on each day's first line when a log of many days is replayed.
    /// </param>
    public DayReader(Action? onLaterDay = null) => _onLaterDay = onLaterDay;

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
        var clock = Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(time), ApacheTimestamp.DayPartLength);
        if (_known && dayStart == _dayStart && dayEnd == _dayEnd)
        {
            if (clock == _clock)
            {
                return true;
            }

            if (!ApacheTimestamp.IsValidClock(time))
            {
                return false;
            }

            _clock = clock;
            return true;
        }

        if (!ApacheTimestamp.TryWriteDate(time, _date))
        {
            return false;
        }

        // yyyy-MM-dd sorts as the days do. A request begun before midnight and logged after it is no later day.
        var later = _date.AsSpan().SequenceCompareTo(_latestDate) > 0;
        if (later)
        {
            _date.CopyTo(_latestDate, 0);
        }

        var firstDay = !_known;
        _dayStart = dayStart;
        _dayEnd = dayEnd;
        _clock = clock;
        _known = true;
        if (later && !firstDay)
        {
            _onLaterDay?.Invoke();
        }

        return true;
    }
}
