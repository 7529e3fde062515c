namespace LogPipe.Storage;

/// <summary>
/// Writes one stats update. The hash holds the figures of the process that wrote last, and beside them per-host totals
/// (<c>total_</c> and a running count's name) that survive worker generations: a graceful restart starts a new worker
/// while the old one still drains its pipe, and both write the hash. Each process adds to the totals how much each of
/// its counts grew since the update Redis last applied, which a key of its own records: so an update sent again after
/// a lost reply, or two processes updating in turn, count nothing twice.
/// </summary>
internal static class StatsScript
{
    // KEYS[1] = stats hash, KEYS[2] = this process's record of what it has added; ARGV[1] = TTL (s), ARGV[2] = n,
    // then n running counts and then the gauges, each a name and a value. A total is written even when nothing was added
    // to it, so that every total is in the hash from a process's first update on.
    public const string Source = """
        local n = tonumber(ARGV[2])
        local last = 2 + 2 * n
        for i = 3, last, 2 do
          local grown = tonumber(ARGV[i + 1]) - tonumber(redis.call('HGET', KEYS[2], ARGV[i]) or '0')
          redis.call('HINCRBY', KEYS[1], 'total_' .. ARGV[i], grown > 0 and grown or 0)
        end
        if n > 0 then
          redis.call('HSET', KEYS[2], unpack(ARGV, 3, last))
          redis.call('EXPIRE', KEYS[2], ARGV[1])
        end
        if #ARGV > 2 then
          redis.call('HSET', KEYS[1], unpack(ARGV, 3))
        end
        redis.call('EXPIRE', KEYS[1], ARGV[1])
        return 1
        """;

    /// <summary>Where a process records what it has added to the totals: beside the stats hash, under its own id.</summary>
    public static string ProcessKey(string statsKey, string processId) => $"{statsKey}:process:{processId}";
}
