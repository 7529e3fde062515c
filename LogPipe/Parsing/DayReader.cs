using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace LogPipe.Parsing;

/// <summary>
/// Reads the day of each line's <c>%t</c> for one reader. Lines arrive in time order, so the day part of a timestamp
/// (<c>[dd/Mon/yyyy</c>) is nearly always that of the line before: then only the clock is checked and the date is
/// reused; and on a busy server the clock too is the one before, already checked. The answer is always the one
/// <see cref="ApacheTimestamp.TryWriteDate"/> gives.
/// </summary>
/// <remarks>
/// It also tracks the stream's day, the one a later day ends. A line more than <see cref="MaxDaysMovedByOneLine"/>
/// days from it (a broken clock, a forged line, <c>9999</c>) is read as its own day but moves the stream's day only
/// when the line after it is of that day too: one outlier neither ends the current day early nor, far ahead, leaves
/// every real later day unnoticed.
/// </remarks>
internal sealed class DayReader
{
    /// <summary>
    /// How far a line alone moves the stream's day: the next day, or the one after a day without requests.
    /// A larger jump (a clock set right, a replay with a gap) needs the line after it to agree.
    /// </summary>
    public const int MaxDaysMovedByOneLine = 2;

    private const int NoDay = int.MinValue;

    private readonly byte[] _date = new byte[ApacheTimestamp.DateLength];
    private readonly Action? _onLaterDay;

    // The day part of the line before's timestamp, as two words, and the rest of it, the clock; valid only while _known
    // is set, which it is not after a line far from the stream's day, so that the next line is read in full.
    private ulong _dayStart;
    private uint _dayEnd;
    private Vector128<byte> _clock;
    private bool _known;

    // The stream's day, and a day far from it that the line before was of (DateOnly.DayNumber, or NoDay).
    private int _streamDay = NoDay;
    private int _unconfirmedDay = NoDay;

    /// <param name="onLaterDay">
    /// Called when the stream's day moves to a later one (not for the first day), before <see cref="TryRead"/>
    /// returns: once a day on a live log, on each day's first line when a log of many days is replayed.
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

            if (!ApacheTimestamp.IsValidClockAfter(time, clock, _clock))
            {
                return false;
            }

            _clock = clock;
            return true;
        }

        return TryReadOtherDay(time, dayStart, dayEnd, clock);
    }

    // The first line, a new day, or a line after one far from the stream's day: a date to read and days to compare.
    private bool TryReadOtherDay(ReadOnlySpan<byte> time, ulong dayStart, uint dayEnd, Vector128<byte> clock)
    {
        if (!ApacheTimestamp.TryWriteDate(time, _date))
        {
            return false;
        }

        var day = ApacheTimestamp.DayNumber(_date);
        var confirms = day == _unconfirmedDay;
        _unconfirmedDay = NoDay;
        var later = false;
        if (_streamDay == NoDay)
        {
            _streamDay = day;
        }
        else if (day != _streamDay)
        {
            var far = Math.Abs((long)day - _streamDay) > MaxDaysMovedByOneLine;
            if (far && !confirms)
            {
                // Counted on its own day; whether the stream follows, the next line says, so it is not cached.
                _unconfirmedDay = day;
                _known = false;
                return true;
            }

            // A request begun before midnight and logged after it is near and earlier: no move. Far and earlier, and
            // confirmed, the stream goes back: the first line was the outlier, or an older log follows a newer one.
            later = day > _streamDay;
            if (later || far)
            {
                _streamDay = day;
            }
        }

        _dayStart = dayStart;
        _dayEnd = dayEnd;
        _clock = clock;
        _known = true;
        if (later)
        {
            _onLaterDay?.Invoke();
        }

        return true;
    }
}
