namespace LogPipe.Tests.Support;

/// <summary>A test that needs a real redis-server: skipped outside CI when it is not installed, failed under CI.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RedisFactAttribute : FactAttribute
{
    public RedisFactAttribute()
    {
        Skip = RequiredTool.SkipReason("redis-server", "redis-server");
    }

    /// <summary>
    /// The test relies on workers starting in milliseconds, as the native build's do; the JIT build's take a few
    /// hundred, which is the whole life of a worker in some tests.
    /// </summary>
    public bool NeedsNativeBinary { get; set; }

    /// <summary>The test starts LogPipe as root, as Apache does, to see it give root up (--user).</summary>
    public bool NeedsRoot { get; set; }

    public override string? Skip
    {
        get => base.Skip
            ?? (NeedsNativeBinary && !LogPipeProcess.IsNative ? "needs the native build: set LOGPIPE_BINARY to a PublishAot binary, as scripts/test.sh does" : null)
            ?? (NeedsRoot && Environment.UserName != "root" ? "needs to run as root, as Apache starts LogPipe" : null);
        set => base.Skip = value;
    }
}
