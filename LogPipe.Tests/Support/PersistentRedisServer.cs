namespace LogPipe.Tests.Support;

/// <summary>
/// A redis-server that loses nothing it acknowledged: every write is in the append-only file, fsynced, before the
/// reply goes out. Killed with SIGKILL and started again on the same data folder, it comes back with every count
/// LogPipe was told about, so a count that is then missing or doubled is LogPipe's doing.
/// </summary>
public sealed class PersistentRedisServer : RedisServer
{
    public PersistentRedisServer()
        : base(["--appendonly", "yes", "--appendfsync", "always"])
    {
    }
}
