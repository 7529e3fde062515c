using LogPipe.Counting;
using LogPipe.Logging;
using StackExchange.Redis;
using StackExchange.Redis.KeyspaceIsolation;

namespace LogPipe.Storage;

/// <summary>
/// Applies batches to Redis with <see cref="IncrementScript"/> over one multiplexed connection for the life of the
/// process. Connecting never blocks start-up: a Redis that is down only makes <see cref="ApplyAsync"/> throw until it is back.
/// </summary>
internal sealed class RedisCounterStore : ICounterStore
{
    private readonly Task<ConnectionMultiplexer> _connection;
    private readonly RedisValue _markerTtlSeconds = (long)IncrementScript.MarkerTtl.TotalSeconds;

    // Long enough to outlive a few missed updates, short enough that a host that stopped logging drops out.
    private static readonly TimeSpan s_statsTtl = TimeSpan.FromHours(1);

    private readonly RedisKey? _statsKey;

    // Where this process records what it has added to the host's totals.
    private readonly RedisKey? _processKey;

    private readonly byte[] _keyPrefix;

    /// <param name="options">Where Redis is.</param>
    /// <param name="statsKey">Where <see cref="PublishStatsAsync(StatsFigures, CancellationToken)"/> writes; null for no stats hash.</param>
    /// <param name="keyPrefix">What every key written starts with (--key-prefix); empty for none.</param>
    public RedisCounterStore(ConfigurationOptions options, string? statsKey, string keyPrefix = "")
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(keyPrefix);
        _keyPrefix = System.Text.Encoding.UTF8.GetBytes(keyPrefix);
        _statsKey = statsKey is null ? (RedisKey?)null : new RedisKey(statsKey);

        // Unique per process, as the batch ids are: a worker's record of its totals is never its predecessor's.
        _processKey = statsKey is null ? (RedisKey?)null : new RedisKey(StatsScript.ProcessKey(statsKey, Random.Shared.NextInt64().ToString("x16", System.Globalization.CultureInfo.InvariantCulture)));
        // On the thread pool: setting up the client takes milliseconds of CPU that the first read of stdin need not wait for.
        _connection = Task.Run(() => ConnectionMultiplexer.ConnectAsync(options));
    }

    public async Task<bool> ApplyAsync(CounterBatch batch, CancellationToken cancellationToken) =>
        !(await SendAsync(batch, cancellationToken).ConfigureAwait(false)).Replayed;

    public async Task<BatchOutcome> SendAsync(CounterBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var connection = await _connection.WaitAsync(cancellationToken).ConfigureAwait(false);
        var keys = new List<RedisKey>(batch.Count + 1 + (2 * batch.Groups.Count)) { IncrementScript.MarkerPrefix + batch.Id };
        var values = new List<RedisValue>(batch.Count + 1 + (5 * batch.Groups.Count)) { _markerTtlSeconds };
        foreach (var group in batch.Groups)
        {
            AddGroup(group, keys, values);
        }

        var result = await Database(connection).ScriptEvaluateAsync(IncrementScript.Source, [.. keys], [.. values]).ConfigureAwait(false);
        return ReadOutcome((RedisResult[])result!);
    }

    public Task PublishStatsAsync(IReadOnlyList<KeyValuePair<string, long>> fields, CancellationToken cancellationToken) =>
        PublishStatsAsync(new StatsFigures([], fields), cancellationToken);

    public async Task PublishStatsAsync(StatsFigures figures, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(figures);
        if (_statsKey is not { } key)
        {
            return;
        }

        var connection = await _connection.WaitAsync(cancellationToken).ConfigureAwait(false);
        var values = new List<RedisValue>(2 + (2 * (figures.Counts.Count + figures.Gauges.Count))) { (long)s_statsTtl.TotalSeconds, figures.Counts.Count };
        foreach (var (name, value) in (IEnumerable<KeyValuePair<string, long>>)[.. figures.Counts, .. figures.Gauges])
        {
            values.Add(name);
            values.Add(value);
        }

        // The wait, not the command, ends with the token: the update at exit has its second, and the exit does not wait longer.
        await Database(connection).ScriptEvaluateAsync(StatsScript.Source, [key, _processKey!.Value], [.. values]).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    // One group of IncrementScript's arguments: its opening word, its keys and its values, as the script's comment lays out.
    private static void AddGroup(CounterGroup group, List<RedisKey> keys, List<RedisValue> values)
    {
        var counter = group.Counter;
        values.Add(IncrementScript.GroupFor(counter.Operation));
        if (counter.Operation == RedisOperation.CappedIncrement)
        {
            keys.Add(counter.CapKey(group.Date, group.Host));
            keys.Add(counter.OverflowKey(group.Date, group.Host));
            values.Add(group.Members.Count);
            values.Add(counter.MaxMembersPerDay);
            values.Add((long)Math.Ceiling(counter.Ttl.TotalSeconds));
            values.Add(group.OverflowHits);
            for (var i = 0; i < group.Members.Count; i++)
            {
                keys.Add(counter.RedisKey(group.Date, group.Host, group.Members[i].Span));
                values.Add(group.Hits[i]);
            }

            return;
        }

        keys.Add(counter.ReportKey(group.Date, group.Host));
        var expireAt = counter.ExpireAt(group.Date);
        switch (counter.Operation)
        {
            case RedisOperation.Increment:
                values.Add(expireAt);
                values.Add(group.TotalHits);
                break;
            case RedisOperation.HashIncrement:
                // Hits folded while too many keys were pending count under the field (other).
                values.Add(group.Members.Count + (group.OverflowHits > 0 ? 1 : 0));
                values.Add(expireAt);
                AddMembers(group, values);
                if (group.OverflowHits > 0)
                {
                    values.Add(CounterKey.Overflow.ToArray());
                    values.Add(group.OverflowHits);
                }

                break;
            case RedisOperation.CappedSortedSetIncrement:
                values.Add(group.Members.Count);
                values.Add(counter.MaxMembersPerDay);
                values.Add(expireAt);
                values.Add(group.OverflowHits);
                values.Add(group.FollowsSource ? 1 : 0);
                AddMembers(group, values);
                break;
            case RedisOperation.UniqueAdd:
                values.Add(group.Members.Count);
                values.Add(expireAt);
                foreach (var member in group.Members)
                {
                    values.Add(member);
                }

                break;
            default:
                throw new InvalidOperationException($"no arguments are defined for {counter.Operation}");
        }
    }

    private static void AddMembers(CounterGroup group, List<RedisValue> values)
    {
        for (var i = 0; i < group.Members.Count; i++)
        {
            values.Add(group.Members[i]);
            values.Add(group.Hits[i]);
        }
    }

    // The script's reply: {1 applied now or 0 a replay, refused keys, their hits, up to five of their names}.
    private static BatchOutcome ReadOutcome(RedisResult[] reply)
    {
        var replayed = (long)reply[0] == 0;
        var refusedKeys = (int)reply[1];
        if (refusedKeys == 0)
        {
            return replayed ? BatchOutcome.AlreadyApplied : BatchOutcome.Applied;
        }

        var names = new string[reply.Length - 3];
        for (var i = 0; i < names.Length; i++)
        {
            // For the log: a key is bytes from a request line, whatever they are.
            names[i] = LogText.Escape((byte[])reply[3 + i]!);
        }

        return new BatchOutcome(replayed, refusedKeys, (long)reply[2], names);
    }

    // Every key LogPipe writes, its own included, under --key-prefix: StackExchange.Redis prefixes the script's keys too.
    private IDatabaseAsync Database(ConnectionMultiplexer connection) =>
        _keyPrefix.Length == 0 ? connection.GetDatabase() : connection.GetDatabase().WithKeyPrefix(_keyPrefix);

    public async ValueTask DisposeAsync()
    {
        if (_connection.IsCompletedSuccessfully)
        {
            await _connection.Result.DisposeAsync().ConfigureAwait(false);
        }
    }
}
