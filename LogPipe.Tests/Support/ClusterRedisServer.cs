namespace LogPipe.Tests.Support;

/// <summary>A redis-server in cluster mode, one node holding every hash slot: the smallest Redis Cluster that answers.</summary>
public sealed class ClusterRedisServer : RedisServer
{
    private static readonly TimeSpan s_readyTimeout = TimeSpan.FromSeconds(20);

    public ClusterRedisServer()
        : base(["--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf"])
    {
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Server.ExecuteAsync("CLUSTER", "ADDSLOTSRANGE", 0, 16383);
        var ready = await Eventually.TrueAsync(
            async () => ((string)(await Server.ExecuteAsync("CLUSTER", "INFO"))!).Contains("cluster_state:ok", StringComparison.Ordinal),
            s_readyTimeout);
        if (!ready)
        {
            throw new InvalidOperationException($"the one-node cluster on port {Port} did not reach cluster_state:ok within {s_readyTimeout}");
        }
    }
}
