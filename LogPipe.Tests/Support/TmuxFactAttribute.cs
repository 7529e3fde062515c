namespace LogPipe.Tests.Support;

/// <summary>A test of the full-screen <c>top</c> in a real terminal: tmux, and a real redis-server.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class TmuxFactAttribute : FactAttribute
{
    public TmuxFactAttribute()
    {
        Skip = RequiredTool.SkipReason("tmux", "tmux") ?? RequiredTool.SkipReason("redis-server", "redis-server");
    }
}
