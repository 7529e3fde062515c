namespace LogPipe.Counting;

/// <summary>
/// What a counter's hits become in Redis at flush time. The reports of the next steps add sorted sets (ZINCRBY), hashes
/// (HINCRBY) and HyperLogLogs (PFADD) here, each a branch of the flush script, with the same batch and expiry rules.
/// </summary>
internal enum RedisOperation : byte
{
    /// <summary>INCRBY on a string key per member, capped per day: past the cap, new members go to the overflow key.</summary>
    CappedIncrement,
}
