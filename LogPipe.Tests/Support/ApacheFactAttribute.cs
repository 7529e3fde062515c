namespace LogPipe.Tests.Support;

/// <summary>A test that runs a real Apache httpd and redis-server: skipped outside CI when either is missing, failed under CI.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ApacheFactAttribute : FactAttribute
{
    public ApacheFactAttribute()
    {
        Skip = RequiredTool.SkipReason(ApacheServer.ExecutableName, "apache2") ?? RequiredTool.SkipReason("redis-server", "redis-server");
    }
}
