using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using LogPipe.Counting;
using LogPipe.Parsing;

namespace LogPipe.Pipeline;

/// <summary>
/// The reports whose members are few and known in advance, counted in plain arrays for one day and host at a time:
/// requests by status (000 to 999), page views by minute (00:00 to 23:59), requests by crawler (an id of the list). A
/// line costs an array increment instead of a key to hash and look up; the tally becomes keys, with their counts, when a
/// chunk's keys are counted or the line's day or host is another (<see cref="Spill"/>).
/// </summary>
internal sealed class DayTally
{
    private const int Statuses = 1000;
    private const int MinutesPerDay = 24 * 60;

    private readonly byte _statusCounter;
    private readonly byte _minuteCounter;
    private readonly byte _crawlerCounter;
    private readonly IReadOnlyList<byte[]> _crawlerNames;
    private readonly Tally _statuses = new(Statuses);
    private readonly Tally _minutes = new(MinutesPerDay);
    private readonly Tally _crawlers;
    private readonly byte[] _date = new byte[ApacheTimestamp.DateLength];
    private readonly byte[] _host = new byte[CounterKey.MaxHostLength];
    private int _hostLength;
    private bool _empty = true;

    /// <param name="statusCounter">The id of the statuses report; 0 when it is off.</param>
    /// <param name="minuteCounter">The id of the minutes report; 0 when it is off.</param>
    /// <param name="crawlerCounter">The id of the crawlers report; 0 when it is off.</param>
    /// <param name="crawlerNames">The member of each crawler id.</param>
    public DayTally(byte statusCounter, byte minuteCounter, byte crawlerCounter, IReadOnlyList<byte[]> crawlerNames)
    {
        ArgumentNullException.ThrowIfNull(crawlerNames);
        _statusCounter = statusCounter;
        _minuteCounter = minuteCounter;
        _crawlerCounter = crawlerCounter;
        _crawlerNames = crawlerNames;
        _crawlers = new Tally(crawlerNames.Count);
    }

    /// <summary>
    /// True when the tally is of <paramref name="date"/> and <paramref name="host"/>, or empty and now theirs; false
    /// when it holds another day's or host's counts, which must be spilled first.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryTake(ReadOnlySpan<byte> date, ReadOnlySpan<byte> host)
    {
        // The date is always ten bytes (DayReader): two word compares.
        if (MemoryMarshal.Read<ulong>(date) == MemoryMarshal.Read<ulong>(_date)
            && MemoryMarshal.Read<ushort>(date[sizeof(ulong)..]) == MemoryMarshal.Read<ushort>(_date.AsSpan(sizeof(ulong)))
            && host.SequenceEqual(_host.AsSpan(0, _hostLength)))
        {
            return true;
        }

        if (!_empty)
        {
            return false;
        }

        date.CopyTo(_date);
        host = host[..Math.Min(host.Length, CounterKey.MaxHostLength)];
        host.CopyTo(_host);
        _hostLength = host.Length;
        return true;
    }

    /// <summary>One request of <paramref name="status"/> (three digits, or empty for none), by <paramref name="crawler"/> when ≥ 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void CountRequest(ReadOnlySpan<byte> status, int crawler)
    {
        if (_statusCounter != 0 && status.Length == 3)
        {
            _statuses.Add(((status[0] - '0') * 100) + ((status[1] - '0') * 10) + (status[2] - '0'));
            _empty = false;
        }

        if (_crawlerCounter != 0 && crawler >= 0)
        {
            _crawlers.Add(crawler);
            _empty = false;
        }
    }

    /// <summary>One page view at the time of <paramref name="time"/>, Apache's <c>[10/Oct/2000:13:55:36 -0700]</c>, validated.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void CountPageView(ReadOnlySpan<byte> time)
    {
        if (_minuteCounter != 0)
        {
            // "[dd/Mon/yyyy:HH:MM": the hour at 13, the minute at 16.
            var hour = ((time[13] - '0') * 10) + (time[14] - '0');
            var minute = ((time[16] - '0') * 10) + (time[17] - '0');
            _minutes.Add((hour * 60) + minute);
            _empty = false;
        }
    }

    /// <summary>
    /// Writes every count as a key with its count into <paramref name="keys"/>, calling <paramref name="makeRoom"/> when
    /// it has no room for one more, and empties the tally.
    /// </summary>
    public void Spill(KeyBatch keys, Action makeRoom)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(makeRoom);
        if (_empty)
        {
            return;
        }

        Span<byte> member = stackalloc byte[5];
        foreach (var status in _statuses.Touched)
        {
            member[0] = (byte)('0' + (status / 100));
            member[1] = (byte)('0' + (status / 10 % 10));
            member[2] = (byte)('0' + (status % 10));
            Write(_statusCounter, member[..3], _statuses.Take(status), keys, makeRoom);
        }

        foreach (var minute in _minutes.Touched)
        {
            member[0] = (byte)('0' + (minute / 600));
            member[1] = (byte)('0' + (minute / 60 % 10));
            member[2] = (byte)':';
            member[3] = (byte)('0' + (minute % 60 / 10));
            member[4] = (byte)('0' + (minute % 10));
            Write(_minuteCounter, member, _minutes.Take(minute), keys, makeRoom);
        }

        foreach (var crawler in _crawlers.Touched)
        {
            Write(_crawlerCounter, _crawlerNames[crawler], _crawlers.Take(crawler), keys, makeRoom);
        }

        _statuses.ClearTouched();
        _minutes.ClearTouched();
        _crawlers.ClearTouched();
        _empty = true;
    }

    private void Write(byte counter, ReadOnlySpan<byte> member, long count, KeyBatch keys, Action makeRoom)
    {
        if (!keys.HasRoomForOne)
        {
            makeRoom();
        }

        keys.Commit(CounterKey.Write(counter, _date, _host.AsSpan(0, _hostLength), member, keys.NextKey), count);
    }

    // Counts by index, and which indexes have counts, in the order they were first counted.
    private sealed class Tally(int size)
    {
        private readonly long[] _counts = new long[size];
        private readonly int[] _touched = new int[size];
        private int _touchedCount;

        public ReadOnlySpan<int> Touched => _touched.AsSpan(0, _touchedCount);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Add(int index)
        {
            if (_counts[index]++ == 0)
            {
                _touched[_touchedCount++] = index;
            }
        }

        // The count of an index, which is zero again afterwards.
        public long Take(int index)
        {
            var count = _counts[index];
            _counts[index] = 0;
            return count;
        }

        public void ClearTouched() => _touchedCount = 0;
    }
}
