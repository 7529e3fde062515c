using StackExchange.Redis;

namespace LogPipe.Storage;

/// <summary>
/// Applies batches to Redis with <see cref="IncrementScript"/> over one multiplexed connection for the life of the
/// process. Connecting never blocks start-up: a Redis that is down only makes <see cref="ApplyAsync"/> throw until it is back.
/// </summary>
internal sealed class RedisCounterStore : ICounterStore
{
    private const string UnixSocketPrefix = "unix:";

    private readonly Task<ConnectionMultiplexer> _connection;
    private readonly RedisValue _ttlSeconds;
    private readonly RedisValue _markerTtlSeconds = (long)IncrementScript.MarkerTtl.TotalSeconds;

    // Long enough to outlive a few missed updates, short enough that a host that stopped logging drops out.
    private static readonly TimeSpan s_statsTtl = TimeSpan.FromHours(1);

    private static readonly TimeSpan s_connectTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan s_reconnectInterval = TimeSpan.FromMilliseconds(500);

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

    /// <summary>
    /// Parses a StackExchange.Redis configuration string (<c>host:port,password=...</c>, where a Unix socket may stand
    /// for host:port as <c>/path/redis.sock</c> or <c>unix:path</c>) and sets what LogPipe needs:
    /// keep retrying when Redis is down, and fail commands at once while disconnected so that LogPipe's own retry
    /// (which keeps and merges counts) is in charge rather than an unbounded client-side backlog.
    /// </summary>
    public static ConfigurationOptions ParseConfiguration(string configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = ConfigurationOptions.Parse(WithSocketEndpoints(configuration));
        if (options.EndPoints.Count == 0)
        {
            throw new ArgumentException("no Redis endpoint given; expected host:port, e.g. 127.0.0.1:6379");
        }

        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.ClientName ??= "logpipe";

        // Counts wait in memory while Redis is away, and the first flush waits for the first connection attempt:
        // try briefly and often, so that a Redis that comes back (or starts after LogPipe) is used within a second,
        // not after the client's default 5 s timeout and back-off, which can outlast --shutdown-timeout.
        if (!configuration.Contains("connectTimeout", StringComparison.OrdinalIgnoreCase))
        {
            options.ConnectTimeout = (int)s_connectTimeout.TotalMilliseconds;
        }

        options.ReconnectRetryPolicy = new LinearRetry((int)s_reconnectInterval.TotalMilliseconds);
        return options;
    }

    // A local Redis is often reached through its Unix socket (redis.conf's unixsocket): an absolute path, or unix:
    // and a path, stands for one. StackExchange.Redis spells that !path; left alone, a path would be taken for a host
    // name and fail only at the first flush.
    private static string WithSocketEndpoints(string configuration)
    {
        var parts = configuration.Split(',');
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i].Trim();

            // unix:6379 stays a host named unix: no socket is called 6379.
            if (part.StartsWith(UnixSocketPrefix, StringComparison.OrdinalIgnoreCase) && !int.TryParse(part.AsSpan(UnixSocketPrefix.Length), out _))
            {
                var path = part[UnixSocketPrefix.Length..];
                parts[i] = path.Length > 0
                    ? "!" + path
                    : throw new ArgumentException($"'{part}' names no socket; expected unix:/path/to/redis.sock");
            }
            else if (part.StartsWith('/'))
            {
                parts[i] = "!" + part;
            }
        }

        return string.Join(',', parts);
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
