namespace LogPipe.Counting;

/// <summary>
/// Counts hits per key between flushes. The reader adds a chunk's keys at once under a lock it holds only for that
/// loop, so the flusher rarely waits for it; the flusher takes a whole table at once and hands it back when Redis
/// has acknowledged it.
/// While a table is in flight (Redis slow or down) new hits keep merging into the active table, so memory grows
/// with distinct keys, never with lines, and stops at <c>maxPendingKeys</c> keys or <see cref="KeyBytesPerPendingKey"/>
/// bytes of keys per pending key, whichever comes first. Past that, a hit on a new key is counted under its day's
/// overflow key (<see cref="CounterKey.Overflow"/>), so no hit is lost and the total stays exact; or, when the input is a
/// file that can wait (<see cref="WaitWhenFull"/>), the reader waits for Redis to take the keys in flight.
/// When a day ends, its keys are set aside in a sealed table that the next flush takes on its own: a flush that took
/// the new day's first keys with them (while Redis was still busy with the day before, say) would cut the new day in
/// two, and send its busiest keys twice.
/// </summary>
internal sealed class HitAggregator : IDisposable
{
    // How far ahead AddAll fetches slots, and key bytes: far enough for memory to answer, near enough to stay in cache.
    private const int SlotPrefetchDistance = 16;
    private const int KeyPrefetchDistance = 8;

    /// <summary>
    /// Key bytes allowed per pending key, on average. A request line may hold an 8 KB target, so a key limit alone would
    /// let a flood of long, distinct paths during an outage take gigabytes; a typical key is 30 to 100 bytes.
    /// </summary>
    public const int KeyBytesPerPendingKey = 256;

    // However many keys are allowed: one table's keys must fit the largest byte array, with room to spare.
    private const long MaxPendingKeyBytes = 1L << 30;

    // A dropped table this large is worth a full, decommitting collection: its arrays sit on the large-object heap,
    // which only a full collection frees, and after a burst there may be too little traffic to cause one for hours.
    private const long ReclaimTableBytes = 16L * 1024 * 1024;

    // Overflow keys (one per counter, day and host) are let in past the limits, up to this many: with them a hit is
    // dropped only when thousands of days or hosts wait at once.
    private const int OverflowKeyReserve = 4096;

    private readonly Lock _gate = new();
    private readonly int _maxPendingKeys;
    private readonly long _maxPendingKeyBytes;
    private readonly int _flushSoonKeys;
    private readonly SemaphoreSlim _flushSoon = new(0, 1);
    private CountTable _active = new();
    private CountTable? _sealed;
    private CountTable? _inFlight;
    private CountTable? _spare = new();
    private int _recentFlushKeys;
    private long _recentFlushKeyBytes;
    private long _droppedHits;
    private long _foldedHits;
    private SemaphoreSlim? _roomMade;
    private CancellationToken _stopWaiting;

    /// <param name="maxPendingKeys">
    /// Distinct keys held (active, sealed and in flight) before new keys are dropped; their bytes are limited to
    /// <see cref="KeyBytesPerPendingKey"/> times as many.
    /// </param>
    /// <param name="flushSoonKeys">Distinct keys in the active table that wake the flusher before its interval.</param>
    public HitAggregator(int maxPendingKeys, int flushSoonKeys)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPendingKeys, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(flushSoonKeys, 1);
        _maxPendingKeys = maxPendingKeys;
        _maxPendingKeyBytes = Math.Min((long)maxPendingKeys * KeyBytesPerPendingKey, MaxPendingKeyBytes);
        _flushSoonKeys = flushSoonKeys;
    }

    /// <summary>Hits not counted at all: their key was new while the pending keys and the overflow reserve were full.</summary>
    public long DroppedHits => Volatile.Read(ref _droppedHits);

    /// <summary>Hits counted under their day's overflow key because their own key was new while the pending keys were full.</summary>
    public long FoldedHits => Volatile.Read(ref _foldedHits);

    /// <summary>
    /// From now on, a full table makes the reader wait for the flush in flight instead of folding hits into the overflow
    /// key, until <paramref name="stopWaiting"/> is cancelled. For a file on stdin: nobody is blocked by the wait.
    /// </summary>
    public void WaitWhenFull(CancellationToken stopWaiting)
    {
        _roomMade = new SemaphoreSlim(0);
        _stopWaiting = stopWaiting;
    }

    /// <summary>Distinct keys waiting for Redis: active, sealed and in flight.</summary>
    public int PendingKeys
    {
        get
        {
            lock (_gate)
            {
                return _active.Count + (_sealed?.Count ?? 0) + (_inFlight?.Count ?? 0);
            }
        }
    }

    /// <summary>Counts one hit on <paramref name="key"/>; false when the key was dropped.</summary>
    public bool Add(ReadOnlySpan<byte> key)
    {
        lock (_gate)
        {
            return Add(key, CountTable.HashOf(key), 1, mayWait: false) != AddResult.Dropped;
        }
    }

    /// <summary>
    /// Counts each key of <paramref name="batch"/> its hits, in order, exactly as <see cref="Add(ReadOnlySpan{byte})"/>
    /// would one hit at a time; returns how many keys were dropped, of those of the counter <paramref name="countedCounter"/>
    /// only when it is not 0: the page counter's, each a line counted.
    /// </summary>
    public int AddAll(KeyBatch batch, byte countedCounter = 0)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var dropped = 0;
        var next = 0;
        while (true)
        {
            lock (_gate)
            {
                next = AddAllLocked(batch, next, countedCounter, ref dropped);
            }

            if (next == batch.Count)
            {
                return dropped;
            }

            WaitForRoom();
        }
    }

    // Counts the batch's keys from the first one given; returns where it stopped: the end, or a key that must wait.
    private int AddAllLocked(KeyBatch batch, int first, byte countedCounter, ref int dropped)
    {
        var active = _active;
        var count = batch.Count;
        var mayWait = _roomMade is not null && !_stopWaiting.IsCancellationRequested;
        for (var i = first; i < count; i++)
        {
            // Slots a few keys ahead, then the key bytes of a slot fetched earlier: both are loaded by the time they are compared.
            if (i + SlotPrefetchDistance < count)
            {
                active.PrefetchSlot(batch.HashAt(i + SlotPrefetchDistance));
            }

            if (i + KeyPrefetchDistance < count)
            {
                active.PrefetchKey(batch.HashAt(i + KeyPrefetchDistance));
            }

            var result = Add(batch.KeyAt(i), batch.HashAt(i), batch.CountAt(i), mayWait);
            if (result == AddResult.MustWait)
            {
                return i;
            }

            if (result == AddResult.Dropped && (countedCounter == 0 || CounterKey.Counter(batch.KeyAt(i)) == countedCounter))
            {
                dropped++;
            }
        }

        return count;
    }

    private AddResult Add(ReadOnlySpan<byte> key, ulong hash, long hits, bool mayWait)
    {
        if (_active.TryIncrementExisting(key, hash, hits))
        {
            return AddResult.Counted;
        }

        var inFlight = _inFlight;
        var sealedTable = _sealed;
        var full = PendingKeysLocked >= _maxPendingKeys
            || _active.KeyBytes + (sealedTable?.KeyBytes ?? 0) + (inFlight?.KeyBytes ?? 0) + key.Length > _maxPendingKeyBytes;
        if (full && inFlight?.Contains(key, hash) != true && sealedTable?.Contains(key, hash) != true)
        {
            return mayWait ? AddResult.MustWait : AddToOverflow(key, hits);
        }

        _active.Increment(key, hash, hits);
        if (_active.Count == _flushSoonKeys)
        {
            FlushSoon();
        }

        return AddResult.Counted;
    }

    // The pending keys are at their limit: the hit counts under its day's overflow key, which is let in past the limit.
    private AddResult AddToOverflow(ReadOnlySpan<byte> key, long hits)
    {
        Span<byte> overflow = stackalloc byte[CounterKey.MaxLength(CounterKey.Overflow.Length)];
        overflow = overflow[..CounterKey.WriteOverflow(key, overflow)];
        var hash = CountTable.HashOf(overflow);
        if (!_active.TryIncrementExisting(overflow, hash, hits))
        {
            if (PendingKeysLocked >= _maxPendingKeys + OverflowKeyReserve)
            {
                _droppedHits += hits;
                return AddResult.Dropped;
            }

            _active.Increment(overflow, hash, hits);
        }

        _foldedHits += hits;
        return AddResult.Counted;
    }

    private int PendingKeysLocked => _active.Count + (_sealed?.Count ?? 0) + (_inFlight?.Count ?? 0);

    // The reader waits for the flush in flight to be acknowledged, or for the stop; the flusher is woken first.
    private void WaitForRoom()
    {
        FlushSoon();
        try
        {
            _roomMade!.Wait(_stopWaiting);
        }
        catch (OperationCanceledException)
        {
            // Stopping: the rest of the batch folds into the overflow keys rather than wait for a Redis that may not come.
        }
    }

    /// <summary>
    /// The keys counted so far are of days that are over: seals them, so that the next flush takes them without the
    /// new day's keys counted before it starts, and wakes the flusher. Called by the reader only.
    /// </summary>
    public void EndDay()
    {
        lock (_gate)
        {
            // With a sealed table still waiting, Redis is two days behind: the new day merges in, as it would without sealing.
            if (_sealed is null && _active.Count > 0)
            {
                _sealed = _active;
                _active = TakeSpare();
            }
        }

        FlushSoon();
    }

    /// <summary>Waits for the flush interval, or less when many keys are pending or a day has ended.</summary>
    public async Task WaitForFlushAsync(TimeSpan interval, CancellationToken cancellationToken) =>
        await _flushSoon.WaitAsync(interval, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Takes the sealed table, or else the active one, for sending; null when nothing is pending. Only one table is in
    /// flight at a time.
    /// </summary>
    public CountTable? TakeForFlush()
    {
        lock (_gate)
        {
            if (_inFlight is not null)
            {
                throw new InvalidOperationException("the previous table is still in flight");
            }

            if (_sealed is not null)
            {
                _inFlight = _sealed;
                _sealed = null;
                return _inFlight;
            }

            if (_active.Count == 0)
            {
                return null;
            }

            _inFlight = _active;
            _active = TakeSpare();
            return _inFlight;
        }
    }

    /// <summary>
    /// Redis has acknowledged every count of the in-flight table: recycle it, unless it is far larger than recent
    /// flushes needed (a burst of new keys grew it), in which case it is dropped and its memory goes back.
    /// </summary>
    public void CompleteFlush()
    {
        CountTable? dropped = null;
        lock (_gate)
        {
            var done = _inFlight ?? throw new InvalidOperationException("no table is in flight");
            _inFlight = null;

            // A need that halves with each flush: tables stay the size of steady traffic, and a burst's go a few flushes after it.
            _recentFlushKeys = Math.Max(done.Count, _recentFlushKeys / 2);
            _recentFlushKeyBytes = Math.Max(done.KeyBytes, _recentFlushKeyBytes / 2);
            if (done.IsOversizedFor(_recentFlushKeys, _recentFlushKeyBytes))
            {
                _spare = null;
                dropped = done;
            }
            else
            {
                done.Clear();
                _spare = done;
            }
        }

        if (_roomMade is { CurrentCount: 0 } roomMade)
        {
            roomMade.Release();
        }

        // Once per burst at most, on the flusher's thread: the pause (tens of milliseconds) fits in stdin's pipe.
        if (dropped?.AllocatedBytes >= ReclaimTableBytes)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        }
    }

    public void Dispose()
    {
        _flushSoon.Dispose();
        _roomMade?.Dispose();
    }

    // Wakes the flusher now rather than at its interval. Only the reader calls it, so checking first cannot overflow
    // the semaphore.
    private void FlushSoon()
    {
        if (_flushSoon.CurrentCount == 0)
        {
            _flushSoon.Release();
        }
    }

    private CountTable TakeSpare()
    {
        var table = _spare ?? new CountTable();
        _spare = null;
        return table;
    }

    private enum AddResult : byte
    {
        Counted,
        Dropped,
        MustWait,
    }
}
