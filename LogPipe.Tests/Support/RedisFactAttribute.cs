namespace LogPipe.Tests.Support;

/// <summary>A test that needs a real redis-server: skipped outside CI when it is not installed, failed under CI.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RedisFactAttribute : FactAttribute
{
    public RedisFactAttribute()
    {
        Skip = RequiredTool.SkipReason("redis-server", "redis-server");
    }
}
