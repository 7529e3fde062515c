namespace LogPipe.Counting;

/// <summary>What a counter's hits become in Redis at flush time: each is a branch of the flush script, under one batch marker.</summary>
internal enum RedisOperation : byte
{
    /// <summary>INCRBY on a string key per member, capped per day: past the cap, new members go to the overflow key.</summary>
    CappedIncrement,

    /// <summary>INCRBY on the day's one string key: the member is empty.</summary>
    Increment,

    /// <summary>HINCRBY of each member, a field of the day's hash.</summary>
    HashIncrement,

    /// <summary>ZINCRBY of each member in the day's sorted set, capped: past the cap, new members go to <c>(other)</c>.</summary>
    CappedSortedSetIncrement,

    /// <summary>PFADD of each member to the day's HyperLogLog; how often a member was seen does not matter.</summary>
    UniqueAdd,
}
