using System.Diagnostics;
using LogPipe.Common;
using LogPipe.Counting;
using LogPipe.Logging;
using Serilog;

namespace LogPipe.Storage;

/// <summary>
/// Moves counts from the <see cref="HitAggregator"/> to the store every flush interval, on its own task, so that
/// reading stdin never waits for Redis. A table taken for flushing is cut into batches once; unacknowledged batches
/// are sent again, unchanged, until Redis confirms them, while newer counts merge in the aggregator meanwhile.
/// A batch is sent again only when its send is known not to be on its way: it failed, or was cancelled before it left.
/// A send still waiting for its answer is waited for, however long Redis takes: sending it again would only add work
/// to a Redis that is already behind. It cannot wait for ever: StackExchange.Redis fails every command written to a
/// connection that fails or is reset, and one left unanswered past its timeout (5 s).
/// </summary>
internal sealed class Flusher
{
    // Often enough for a dashboard to look live; cheap enough to ignore (one HSET a few seconds).
    public static readonly TimeSpan StatsInterval = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Member bytes of the batches sent and not yet answered, beyond which the next batch waits: a few MiB keep Redis
    /// busy (a batch of ordinary keys holds tens of KB) while a table of long paths is not rendered all at once.
    /// </summary>
    public const long MaxMemberBytesInFlight = 4 * 1024 * 1024;

    private static readonly TimeSpan s_firstRetryDelay = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan s_maxRetryDelay = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan s_defaultFinalRetryDelay = TimeSpan.FromMilliseconds(200);

    private readonly HitAggregator _aggregator;
    private readonly ICounterStore _store;
    private readonly TimeSpan _interval;
    private readonly FlushStats _stats;
    private readonly Func<StatsFigures> _statsFigures;
    private readonly BatchCutter _cutter;
    private readonly ILogger _log;
    private readonly TimeSpan _finalRetryDelay;
    private readonly RetryBackoff _backoff = new(s_firstRetryDelay, s_maxRetryDelay);
    private readonly RateLimiter _errorLog = new(1, TimeSpan.FromMinutes(1));

    // Keys refused by Redis stay refused until someone repairs them: every batch that holds one reports it again.
    private readonly RateLimiter _refusedLog = new(3, TimeSpan.FromMinutes(1));

    // A failure whose cause differs from the one last logged gets a line of its own, a few a minute: the first failure
    // is often a connect timeout that hides the real cause (a wrong password, say) for the rest of the minute.
    private readonly RateLimiter _newCauseLog = new(3, TimeSpan.FromMinutes(1));
    private string? _loggedCause;
    private long _unloggedFailures;

    // Unique per process so that batch markers of a restarted worker never match its predecessor's. Random.Shared
    // is seeded by the OS and, unlike RandomNumberGenerator, does not load OpenSSL at start-up.
    private readonly string _instanceId = Random.Shared.NextInt64().ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
    private readonly Stopwatch _sinceStats = Stopwatch.StartNew();
    private long _batchSequence;
    private List<CounterBatch>? _unacknowledged;

    // The send of each unacknowledged batch, index for index; null where the batch is to be sent (again).
    private Task<BatchOutcome>?[] _sends = [];

    /// <param name="aggregator">Where the counts wait.</param>
    /// <param name="counters">The counters the aggregated keys belong to.</param>
    /// <param name="store">Where they go.</param>
    /// <param name="interval">How often.</param>
    /// <param name="stats">The flusher's own figures, which it writes.</param>
    /// <param name="statsFigures">The process's figures for the stats hash, read every <see cref="StatsInterval"/>.</param>
    /// <param name="log">Where failures are told.</param>
    /// <param name="finalRetryDelay">Pause between failed tries of <see cref="FlushAllAsync"/>; 200 ms when null.</param>
    public Flusher(
        HitAggregator aggregator,
        CounterSet counters,
        ICounterStore store,
        TimeSpan interval,
        FlushStats stats,
        Func<StatsFigures> statsFigures,
        ILogger log,
        TimeSpan? finalRetryDelay = null)
    {
        _finalRetryDelay = finalRetryDelay ?? s_defaultFinalRetryDelay;
        _aggregator = aggregator;
        _store = store;
        _interval = interval;
        _stats = stats;
        _statsFigures = statsFigures;
        _log = log;
        _cutter = new BatchCutter(counters, () => $"{_instanceId}:{++_batchSequence}");
    }

    /// <summary>Distinct keys and hits sent but not yet acknowledged.</summary>
    public (int Keys, long Hits) Unacknowledged
    {
        get
        {
            var batches = _unacknowledged;
            if (batches is null)
            {
                return (0, 0);
            }

            var keys = 0;
            long hits = 0;
            foreach (var batch in batches)
            {
                keys += batch.Count;
                hits += batch.TotalHits;
            }

            return (keys, hits);
        }
    }

    /// <summary>Distinct keys of the batches sent and not yet answered.</summary>
    public int KeysInFlight
    {
        get
        {
            var batches = _unacknowledged;
            var sends = _sends;
            var keys = 0;
            for (var i = 0; batches is not null && i < sends.Length && i < batches.Count; i++)
            {
                keys += sends[i] is { IsCompleted: false } ? batches[i].Count : 0;
            }

            return keys;
        }
    }

    /// <summary>Flushes every interval (sooner when many keys wait or a new day begins) until <paramref name="stop"/>; failures back off and retry.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await _aggregator.WaitForFlushAsync(_interval, stop).ConfigureAwait(false);
                var flushed = await TryFlushAsync(stop).ConfigureAwait(false);
                if (_sinceStats.Elapsed >= StatsInterval)
                {
                    await PublishStatsAsync(stop).ConfigureAwait(false);
                }

                // A flush cut short by stopping is not a failure: FlushAllAsync takes over the sends still waiting.
                if (!flushed && !stop.IsCancellationRequested)
                {
                    await Task.Delay(_backoff.NextDelay(), stop).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>Writes the worker's figures to the stats hash; a failure is only logged at debug level, as flush failures are logged already.</summary>
    public async Task PublishStatsAsync(CancellationToken cancellationToken)
    {
        _sinceStats.Restart();
        try
        {
            await _store.PublishStatsAsync(_statsFigures(), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Running out of time is a failure like any other here, not a reason to stop: the last update at exit has
            // a second, and Redis being away then must not turn a clean exit into a crash without the exit summary.
            _log.Debug("Could not write the stats hash: {Error}", RedisError.Describe(ex));
        }
    }

    /// <summary>
    /// Flushes until nothing is pending or <paramref name="timeout"/> passes; then counts every hit not confirmed as lost
    /// (<see cref="FlushStats.HitsLost"/>), logs it, and drops it from the aggregator.
    /// </summary>
    /// <returns>True when every count reached the store (some may have been refused there: see <see cref="FlushStats.HitsLost"/>).</returns>
    public async Task<bool> FlushAllAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            // A try waits for its sends until they are answered or fail; only a failed one leaves time for another try.
            if (await TryFlushAsync(deadline.Token).ConfigureAwait(false))
            {
                if (_aggregator.PendingKeys == 0)
                {
                    return true;
                }

                // That was the table already in flight: what was counted since goes at once.
                continue;
            }

            var left = timeout - clock.Elapsed;
            if (left <= TimeSpan.Zero || deadline.IsCancellationRequested)
            {
                GiveUp(timeout);
                return false;
            }

            // Racing a deadline: retry often rather than back off, one connection's worth of load is nothing.
            await Task.Delay(_finalRetryDelay < left ? _finalRetryDelay : left).ConfigureAwait(false);
        }
    }

    // Out of time: every hit not confirmed is lost, those sent and those still waiting in the aggregator alike, and is
    // written off so that it is counted once. Sent batches may yet be applied by a Redis that was only slow; they count
    // as lost, since nobody will know.
    private void GiveUp(TimeSpan timeout)
    {
        var (sentKeys, sentHits) = Unacknowledged;
        if (_unacknowledged is not null)
        {
            _unacknowledged = null;
            _sends = [];
            _aggregator.CompleteFlush();
        }

        var unsentKeys = 0;
        long unsentHits = 0;
        while (_aggregator.TakeForFlush() is { } table)
        {
            unsentKeys += table.Count;
            foreach (var (_, hits) in table)
            {
                unsentHits += hits;
            }

            _aggregator.CompleteFlush();
        }

        _stats.HitsLost += sentHits + unsentHits;
        _log.Error(
            "Gave up flushing after {Timeout}: {LostHits} hits are lost, {SentHits} sent to {SentKeys} keys but not confirmed by Redis and {UnsentHits} to {UnsentKeys} keys not yet sent",
            Duration.Format(timeout),
            sentHits + unsentHits,
            sentHits,
            sentKeys,
            unsentHits,
            unsentKeys);
    }

    /// <summary>
    /// One flush: send what is unacknowledged, or take the next table. True when everything sent was acknowledged.
    /// Cancelling gives up waiting, not the sends: the next try waits for those still running, and sends again only
    /// the batches that failed or never left.
    /// </summary>
    public async Task<bool> TryFlushAsync(CancellationToken cancellationToken = default)
    {
        if (_unacknowledged is null)
        {
            var table = _aggregator.TakeForFlush();
            if (table is null)
            {
                return true;
            }

            _unacknowledged = _cutter.Cut(table);
            _sends = new Task<BatchOutcome>?[_unacknowledged.Count];
        }

        var batches = _unacknowledged;
        var started = Stopwatch.GetTimestamp();
        var sends = (Task<BatchOutcome>?[])_sends.Clone();
        try
        {
            await SendWithinBudgetAsync(batches, sends, cancellationToken).ConfigureAwait(false);
            await Task.WhenAll(Started(sends)).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (AnyUnfinished(sends))
        {
            // Inspected per batch below: the ones that failed, never left or are still waiting stay for the next try.
        }

        Exception? failure = null;
        var unanswered = false;
        var remaining = new List<CounterBatch>();
        var remainingSends = new List<Task<BatchOutcome>?>();
        for (var i = 0; i < sends.Length; i++)
        {
            var send = sends[i];
            if (send is null)
            {
                // Held back for the byte budget when the try was cut short: it never left.
                remaining.Add(batches[i]);
                remainingSends.Add(null);
                continue;
            }

            if (send.IsCompletedSuccessfully)
            {
                Acknowledge(batches[i], send.Result);
                continue;
            }

            if (send.IsFaulted)
            {
                failure ??= send.Exception!.GetBaseException();
            }
            else
            {
                unanswered = true;
            }

            // Failed, or cancelled before it left: send it again. Still running: wait for it next time.
            remaining.Add(batches[i]);
            remainingSends.Add(send.IsCompleted ? null : send);
        }

        _unacknowledged = remaining;
        _sends = [.. remainingSends];

        if (failure is not null)
        {
            _stats.FailedFlushes++;
            _stats.RedisErrors++;
            LogFailure(failure);
            return false;
        }

        if (unanswered)
        {
            // The caller stopped waiting (shutdown, or its deadline): not a Redis error. The next try picks up the sends.
            return false;
        }

        _unacknowledged = null;
        _aggregator.CompleteFlush();
        _stats.Flushes++;
        _stats.LastFlushLatencyMicroseconds = (long)Stopwatch.GetElapsedTime(started).TotalMicroseconds;
        _stats.LastFlushUnixMilliseconds = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        if (_backoff.Failures > 0)
        {
            _log.Information("Redis is back: flushed after {Failures} failed tries", _backoff.Failures);
        }

        _backoff.Reset();
        return true;
    }

    // Starts the batches not yet sent, holding one back while the batches still unanswered hold more than
    // MaxMemberBytesInFlight: each send renders its Redis keys and fills the connection's buffers, and a table of long
    // paths sent all at once held the keys several times over (1.4 GB for 60 KB paths).
    private async Task SendWithinBudgetAsync(List<CounterBatch> batches, Task<BatchOutcome>?[] sends, CancellationToken cancellationToken)
    {
        for (var i = 0; i < batches.Count; i++)
        {
            if (sends[i] is not null)
            {
                continue;
            }

            while (BytesInFlight(batches, sends) is var inFlight && inFlight > 0 && inFlight + batches[i].MemberBytes > MaxMemberBytesInFlight)
            {
                await Task.WhenAny(Running(sends)).WaitAsync(cancellationToken).ConfigureAwait(false);
            }

            sends[i] = _store.SendAsync(batches[i], cancellationToken);
        }
    }

    private static long BytesInFlight(List<CounterBatch> batches, Task<BatchOutcome>?[] sends)
    {
        long bytes = 0;
        for (var i = 0; i < sends.Length; i++)
        {
            bytes += sends[i] is { IsCompleted: false } ? batches[i].MemberBytes : 0;
        }

        return bytes;
    }

    private static List<Task<BatchOutcome>> Running(Task<BatchOutcome>?[] sends) => [.. Started(sends).Where(send => !send.IsCompleted)];

    private static IEnumerable<Task<BatchOutcome>> Started(Task<BatchOutcome>?[] sends) => sends.OfType<Task<BatchOutcome>>();

    // The batch is done with: what Redis took is flushed, what it refused is lost (and told, a few times a minute).
    private void Acknowledge(CounterBatch batch, BatchOutcome outcome)
    {
        _stats.KeysFlushed += batch.Count - outcome.RefusedKeys;
        _stats.HitsFlushed += batch.TotalHits - outcome.RefusedHits;
        _stats.HitsLost += outcome.RefusedHits;
        if (outcome.Replayed)
        {
            _stats.BatchesReplayed++;
        }

        if (outcome.RefusedKeys > 0 && _refusedLog.TryAcquire(out var suppressed))
        {
            _log.Warning(
                "Redis refused {RefusedKeys} keys of a batch, which hold no counter (another type, or no integer) and keep their value; their counts are lost, {RefusedHits} hits of pages among them ({HitsLost} hits lost so far, {Suppressed} such batches not logged): {RefusedKeyNames}",
                outcome.RefusedKeys,
                outcome.RefusedHits,
                _stats.HitsLost,
                suppressed,
                string.Join(' ', outcome.RefusedKeyNames));
        }
    }

    private static bool AnyUnfinished(Task<BatchOutcome>?[] tasks)
    {
        foreach (var task in tasks)
        {
            if (task is not { IsCompletedSuccessfully: true })
            {
                return true;
            }
        }

        return false;
    }

    private void LogFailure(Exception failure)
    {
        var cause = RedisError.Describe(failure);
        if (!_errorLog.TryAcquire(out _) && (cause == _loggedCause || !_newCauseLog.TryAcquire(out _)))
        {
            _unloggedFailures++;
            return;
        }

        var (keys, hits) = Unacknowledged;
        _log.Warning(
            "Redis flush failed ({Failures} failures in a row, {Suppressed} not logged): {Error}; keeping {Keys} keys with {Hits} hits and retrying with back-off",
            _backoff.Failures + 1,
            _unloggedFailures,
            cause,
            keys,
            hits);
        _loggedCause = cause;
        _unloggedFailures = 0;
    }
}
