using StackExchange.Redis;

namespace LogPipe.Storage;

/// <summary>
/// Applies batches to Redis with <see cref="IncrementScript"/> over one multiplexed connection for the life of the
/// process. Connecting never blocks start-up: a Redis that is down only makes <see cref="ApplyAsync"/> throw until it is back.
/// </summary>
internal sealed class RedisCounterStore : ICounterStore
{
    private readonly Task<ConnectionMultiplexer> _connection;
    private readonly RedisValue _ttlSeconds;
    private readonly RedisValue _markerTtlSeconds = (long)IncrementScript.MarkerTtl.TotalSeconds;

    // Long enough to outlive a few missed updates, short enough that a host that stopped logging drops out.
    private static readonly TimeSpan s_statsTtl = TimeSpan.FromHours(1);

    private readonly RedisKey? _statsKey;

    /// <param name="statsKey">Where <see cref="PublishStatsAsync"/> writes; null for no stats hash.</param>
    public RedisCounterStore(ConfigurationOptions options, TimeSpan ttl, string? statsKey)
    {
        ArgumentNullException.ThrowIfNull(options);
        _ttlSeconds = (long)Math.Ceiling(ttl.TotalSeconds);
        _statsKey = statsKey is null ? (RedisKey?)null : new RedisKey(statsKey);
        // On the thread pool: setting up the client takes milliseconds of CPU that the first read of stdin need not wait for.
        _connection = Task.Run(() => ConnectionMultiplexer.ConnectAsync(options));
    }

    public async Task<bool> ApplyAsync(CounterBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var connection = await _connection.WaitAsync(cancellationToken).ConfigureAwait(false);
        var keys = new RedisKey[batch.Count + 1];
        var values = new RedisValue[batch.Count + 2];
        keys[0] = IncrementScript.MarkerPrefix + batch.Id;
        values[0] = _ttlSeconds;
        values[1] = _markerTtlSeconds;
        for (var i = 0; i < batch.Count; i++)
        {
            keys[i + 1] = batch.Keys[i];
            values[i + 2] = batch.Hits[i];
        }

        var result = await connection.GetDatabase().ScriptEvaluateAsync(IncrementScript.Source, keys, values).ConfigureAwait(false);
        return (long)result == 1;
    }

    public async Task PublishStatsAsync(IReadOnlyList<KeyValuePair<string, long>> fields, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fields);
        if (_statsKey is not { } key)
        {
            return;
        }

        var connection = await _connection.WaitAsync(cancellationToken).ConfigureAwait(false);
        var entries = new HashEntry[fields.Count];
        for (var i = 0; i < fields.Count; i++)
        {
            entries[i] = new HashEntry(fields[i].Key, fields[i].Value);
        }

        var transaction = connection.GetDatabase().CreateTransaction();
        var set = transaction.HashSetAsync(key, entries);
        var expire = transaction.KeyExpireAsync(key, s_statsTtl);
        await transaction.ExecuteAsync().ConfigureAwait(false);
        await Task.WhenAll(set, expire).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection.IsCompletedSuccessfully)
        {
            await _connection.Result.DisposeAsync().ConfigureAwait(false);
        }
    }
}
