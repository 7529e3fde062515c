namespace LogPipe.Storage;

/// <summary>
/// The server-side half of an idempotent flush. One Lua script runs atomically, so the batch marker, the increments
/// and the expiries are applied together or not at all: a retry finds the marker and does nothing, and a counter
/// can never be left without a TTL by a connection dropped between INCRBY and EXPIRE.
/// </summary>
internal static class IncrementScript
{
    /// <summary>Prefix of the marker key recording that a batch was applied.</summary>
    public const string MarkerPrefix = "logpipe:batch:";

    // KEYS[1] = batch marker, KEYS[2..] = counters; ARGV[1] = counter TTL (s), ARGV[2] = marker TTL (s), ARGV[3..] = increments.
    // Only a counter without an expiry (a new one, or one someone stripped) gets the TTL, so an existing TTL is never
    // extended. Redis 7.0 and later (which define REDIS_VERSION_NUM for scripts) do that in one call, PEXPIREAT ... NX,
    // which makes a flush of new counters about a quarter cheaper; older ones ask TTL first. Works on Redis 2.6 and
    // later. The expiry time is worked out once per batch from the server's clock: EXPIRE would do it per key, and
    // rewrite each call into a PEXPIREAT for replication (a command lookup and two objects), 8 to 15% of Redis's work
    // on new counters.
    // Redis does not undo a script's writes when it fails half-way, and a retry finds the marker and stops: so an
    // INCRBY that Redis refuses (the key holds a hash, or a string that is no integer) is caught with pcall, and the
    // rest of the batch is still applied. Only that key's hits are lost; the error reply names it for the log.
    public const string Source = """
        if not redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[2]) then
          return 0
        end
        local expireAt
        if redis.REDIS_VERSION_NUM ~= nil then
          local now = redis.call('TIME')
          expireAt = string.format('%d', now[1] * 1000 + math.floor(now[2] / 1000) + ARGV[1] * 1000)
        end
        local refused = {}
        for i = 2, #KEYS do
          local reply = redis.pcall('INCRBY', KEYS[i], ARGV[i + 1])
          if type(reply) == 'table' and reply.err then
            refused[#refused + 1] = KEYS[i]
          elseif expireAt then
            redis.call('PEXPIREAT', KEYS[i], expireAt, 'NX')
          elseif redis.call('TTL', KEYS[i]) == -1 then
            redis.call('EXPIRE', KEYS[i], ARGV[1])
          end
        end
        if #refused > 0 then
          return redis.error_reply('ERR ' .. #refused .. ' key(s) of the batch hold no counter and keep their value; their hits are dropped: ' .. table.concat(refused, ' ', 1, math.min(#refused, 5)))
        end
        return 1
        """;

    /// <summary>
    /// How long a marker outlives its batch. A retry comes within seconds of the reconnect that makes it possible;
    /// an hour covers any realistic gap while keeping at most a few thousand small marker keys.
    /// </summary>
    public static readonly TimeSpan MarkerTtl = TimeSpan.FromHours(1);
}
