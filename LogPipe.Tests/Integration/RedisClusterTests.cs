using LogPipe.Cli;
using LogPipe.Tests.Support;

namespace LogPipe.Tests.Integration;

/// <summary>What an operator sees when --redis points at a Redis Cluster, which LogPipe does not support.</summary>
public sealed class RedisClusterTests(ClusterRedisServer redis) : IClassFixture<ClusterRedisServer>
{
    [RedisFact]
    public async Task A_redis_cluster_is_named_as_unsupported_in_the_flush_failure()
    {
        var lines = string.Concat(Enumerable.Range(0, 50).Select(i =>
            $"192.0.2.1 - - [29/Nov/2026:10:00:00 +0000] \"GET /cluster/{i} HTTP/1.1\" 200 5 \"-\" \"test\"\n"));

        await using var logPipe = await LogPipeProcess.RunAsync(
            ["--redis", redis.Configuration, "--shutdown-timeout", "1s"],
            System.Text.Encoding.ASCII.GetBytes(lines));

        Assert.True(logPipe.ExitCode == ExitCodes.CountsLost, logPipe.StandardError);
        Assert.Contains("Redis Cluster is not supported", logPipe.StandardError, StringComparison.Ordinal);
    }
}
