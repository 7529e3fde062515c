using LogPipe.Counting;

namespace LogPipe.Storage;

/// <summary>
/// The server-side half of an idempotent flush. One Lua script runs atomically, so the batch marker, the increments,
/// the per-day caps and the expiries are applied together or not at all: a retry finds the marker and does nothing, a
/// counter can never be left without a TTL by a connection dropped between INCRBY and EXPIRE, and the count of keys a
/// day has created moves with the keys themselves, whichever worker or LogPipe wrote them.
/// </summary>
internal static class IncrementScript
{
    /// <summary>Prefix of the marker key recording that a batch was applied.</summary>
    public const string MarkerPrefix = "logpipe:batch:";

    // KEYS[1] = batch marker; ARGV[1] = marker TTL (s). Then one group after another, each one counter's counts of one
    // day (and host), opened by a word that says what it is:
    // 'c' the page counter, a string key per member, capped per day:
    //     ARGV = 'c', n, cap, TTL (s), overflow hits, n increments; KEYS = cap key, overflow key, n counters.
    //     A counter INCRBY finds new (its value is then the increment) counts against the group's cap, kept in the cap key;
    //     once the day's cap is reached, a key that does not exist is not created and its hits go to the overflow key, so
    //     Redis holds at most cap keys a day however many distinct paths are requested, and the total stays exact.
    //     Telling new from existing by INCRBY's reply saves an EXISTS per key below the cap, and EXISTS at the cap saves
    //     creating and deleting each key of a flood; a key someone set to 0 is taken for new, which only uses a place.
    //     Only a key without an expiry (a new one, or one someone stripped) gets the TTL, so an existing TTL is never
    //     extended. Redis 7.0 and later (which define REDIS_VERSION_NUM for scripts) do that in one call, PEXPIREAT ... NX,
    //     with the expiry time worked out once per group from the server's clock: EXPIRE would do it per key, and rewrite
    //     each call into a PEXPIREAT for replication, 8 to 15% of Redis's work on new counters. Older ones ask TTL first.
    // The reports keep one key a day, which expires at a time fixed by its day (ARGV expire at, Unix seconds), set again
    // by every batch to the same value; KEYS = that key:
    // 's' a string: ARGV = 's', expire at, increment.
    // 'h' a hash: ARGV = 'h', n, expire at, then n fields each followed by its increment.
    // 'z' a sorted set capped at cap members besides '(other)': ARGV = 'z', n, cap, expire at, overflow hits, then n
    //     members each followed by its increment. Below the cap ZINCRBY tells a new member by its score (the increment);
    //     at the cap a member that is not there (ZSCORE) is not added and its hits go to '(other)', as for the page counter.
    // 'u' a HyperLogLog: ARGV = 'u', n, expire at, n elements.
    // Redis does not undo a script's writes when it fails half-way, and a retry finds the marker and stops: so the first
    // write to each key that Redis may refuse (the key holds another type, or a string that is no integer) is made with
    // pcall, and the rest of the batch is still applied. A refused key loses its counts, which the reply reports:
    // {1, refused keys, refused page-counter hits, up to five of their names}. A normal reply, not an error, so that the
    // batch is acknowledged and the loss counted once: the marker keeps the refusals, and a replay (whose reply starts
    // with 0) reports them again, for the send whose reply was lost. A cap key that is no counter only stops counting the
    // day's keys; no hit is lost for it.
    public const string Source = """
        if not redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1]) then
          local prior = redis.call('GET', KEYS[1])
          if not prior or prior == '1' then
            return {0, 0, 0}
          end
          local refusals = cjson.decode(prior)
          return {0, refusals[1], refusals[2], unpack(refusals[3])}
        end
        local now = redis.REDIS_VERSION_NUM ~= nil and redis.call('TIME')
        local refusedKeys, refusedHits, named = 0, 0, {}
        local function refuses(reply, key, hits)
          if type(reply) == 'table' and reply.err then
            refusedKeys = refusedKeys + 1
            refusedHits = refusedHits + hits
            if #named < 5 then
              named[#named + 1] = key
            end
            return true
          end
          return false
        end
        local k = 2
        local a = 2
        while a <= #ARGV do
          local kind = ARGV[a]
          if kind == 'c' then
            local n, cap, ttl = tonumber(ARGV[a + 1]), tonumber(ARGV[a + 2]), tonumber(ARGV[a + 3])
            local overflow = tonumber(ARGV[a + 4])
            local expireAt = now and string.format('%d', now[1] * 1000 + math.floor(now[2] / 1000) + ttl * 1000)
            local function expire(key)
              if expireAt then
                redis.call('PEXPIREAT', key, expireAt, 'NX')
              elseif redis.call('TTL', key) == -1 then
                redis.call('EXPIRE', key, ttl)
              end
            end
            local capKey, overflowKey = KEYS[k], KEYS[k + 1]
            local stored = redis.pcall('GET', capKey)
            local created = type(stored) == 'string' and tonumber(stored) or 0
            local added = 0
            for i = 1, n do
              local key, hits = KEYS[k + 1 + i], tonumber(ARGV[a + 4 + i])
              if created + added >= cap and redis.call('EXISTS', key) == 0 then
                overflow = overflow + hits
              else
                local reply = redis.pcall('INCRBY', key, hits)
                if refuses(reply, key, hits) then
                  -- The key keeps its value; its hits are reported lost.
                else
                  if reply == hits then
                    added = added + 1
                  end
                  expire(key)
                end
              end
            end
            if overflow > 0 and not refuses(redis.pcall('INCRBY', overflowKey, overflow), overflowKey, overflow) then
              expire(overflowKey)
            end
            if added > 0 and type(redis.pcall('INCRBY', capKey, added)) == 'number' then
              expire(capKey)
            end
            k = k + 2 + n
            a = a + 5 + n
          else
            local key = KEYS[k]
            local written, expireAt
            if kind == 's' then
              expireAt = ARGV[a + 1]
              written = not refuses(redis.pcall('INCRBY', key, ARGV[a + 2]), key, 0)
              a = a + 3
            elseif kind == 'h' then
              local n = tonumber(ARGV[a + 1])
              expireAt = ARGV[a + 2]
              written = not refuses(redis.pcall('HINCRBY', key, ARGV[a + 3], ARGV[a + 4]), key, 0)
              for i = 2, written and n or 0 do
                redis.call('HINCRBY', key, ARGV[a + 1 + 2 * i], ARGV[a + 2 + 2 * i])
              end
              a = a + 3 + 2 * n
            elseif kind == 'z' then
              local n, cap, overflow = tonumber(ARGV[a + 1]), tonumber(ARGV[a + 2]), tonumber(ARGV[a + 4])
              expireAt = ARGV[a + 3]
              local members = redis.pcall('ZCARD', key)
              written = not refuses(members, key, 0)
              if written and redis.call('ZSCORE', key, '(other)') then
                members = members - 1
              end
              for i = 1, written and n or 0 do
                local member, hits = ARGV[a + 3 + 2 * i], tonumber(ARGV[a + 4 + 2 * i])
                if members < cap then
                  if tonumber(redis.call('ZINCRBY', key, hits, member)) == hits then
                    members = members + 1
                  end
                elseif redis.call('ZSCORE', key, member) then
                  redis.call('ZINCRBY', key, hits, member)
                else
                  overflow = overflow + hits
                end
              end
              if written and overflow > 0 then
                redis.call('ZINCRBY', key, overflow, '(other)')
              end
              a = a + 5 + 2 * n
            else
              local n = tonumber(ARGV[a + 1])
              expireAt = ARGV[a + 2]
              written = not refuses(redis.pcall('PFADD', key, unpack(ARGV, a + 3, a + 2 + n)), key, 0)
              a = a + 3 + n
            end
            if written then
              redis.call('EXPIREAT', key, expireAt)
            end
            k = k + 1
          end
        end
        if refusedKeys > 0 then
          redis.call('SET', KEYS[1], cjson.encode({refusedKeys, refusedHits, named}), 'EX', ARGV[1])
        end
        return {1, refusedKeys, refusedHits, unpack(named)}
        """;

    /// <summary>The opening word of the script's group for <paramref name="operation"/>; a new operation is a new branch of the script.</summary>
    public static string GroupFor(RedisOperation operation) => operation switch
    {
        RedisOperation.CappedIncrement => "c",
        RedisOperation.Increment => "s",
        RedisOperation.HashIncrement => "h",
        RedisOperation.CappedSortedSetIncrement => "z",
        RedisOperation.UniqueAdd => "u",
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, "the flush script has no branch for this operation"),
    };

    /// <summary>
    /// How long a marker outlives its batch. A retry comes within seconds of the reconnect that makes it possible;
    /// an hour covers any realistic gap while keeping at most a few thousand small marker keys.
    /// </summary>
    public static readonly TimeSpan MarkerTtl = TimeSpan.FromHours(1);
}
