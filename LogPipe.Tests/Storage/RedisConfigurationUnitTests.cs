using LogPipe.Storage;

namespace LogPipe.Tests.Storage;

public sealed class RedisConfigurationUnitTests
{
    [Theory]
    [InlineData("127.0.0.1:6379", "127.0.0.1:6379")]
    [InlineData("redis.internal:6380", "redis.internal:6380")]
    [InlineData("redis.internal", "redis.internal:6379")]
    [InlineData("[::1]:6379", "[::1]:6379")]
    [InlineData("/run/redis/redis.sock", "unix:/run/redis/redis.sock")]
    [InlineData("unix:/run/redis/redis.sock", "unix:/run/redis/redis.sock")]
    [InlineData("10.0.0.5:6379,10.0.0.6:6379", "10.0.0.5:6379,10.0.0.6:6379")]
    [InlineData("10.0.0.5:6379,password=secret,defaultDatabase=3", "10.0.0.5:6379 database 3")]
    [InlineData("redis://app:secret@cache.internal:6390/2", "cache.internal:6390 database 2 as app")]
    [InlineData("rediss://:secret@cache.internal", "cache.internal:6379 over TLS")]
    public void Description_names_where_counts_go_as_the_command_line_spells_it_and_never_the_password(string redis, string expected)
    {
        var description = RedisConfiguration.Describe(RedisConfiguration.Parse(redis));

        Assert.Equal(expected, description);
        Assert.DoesNotContain("secret", description, StringComparison.Ordinal);
    }
}
