using LogPipe.Cli;
using LogPipe.Tests.Support;
using static LogPipe.Tests.Support.AccessLines;

namespace LogPipe.Tests.Integration;

/// <summary>What an operator sees when --redis points at a Redis Cluster, which LogPipe does not support.</summary>
public sealed class RedisClusterTests(ClusterRedisServer redis) : IClassFixture<ClusterRedisServer>
{
    [RedisFact]
    public async Task A_redis_cluster_is_named_as_unsupported_in_the_flush_failure()
    {
        await using var logPipe = await LogPipeProcess.RunAsync(
            ["--redis", redis.Configuration, "--shutdown-timeout", "1s"],
            Lines(Enumerable.Range(0, 50).Select(i => Get($"/cluster/{i}"))));

        Assert.True(logPipe.ExitCode == ExitCodes.CountsLost, logPipe.StandardError);
        Assert.Contains("Redis Cluster is not supported", logPipe.StandardError, StringComparison.Ordinal);
    }
}
