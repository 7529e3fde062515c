namespace LogPipe.Tests.Support;

/// <summary>A test that runs a real Apache httpd and redis-server: skipped outside CI when either is missing, failed under CI.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ApacheFactAttribute : FactAttribute
{
    public ApacheFactAttribute()
    {
        Skip = RequiredTool.SkipReason(ApacheServer.ExecutableName, "apache2") ?? RequiredTool.SkipReason("redis-server", "redis-server");
    }

    /// <summary>
    /// The test relies on LogPipe starting in milliseconds, as the native build does. The JIT build spends a few hundred
    /// milliseconds in the runtime before Main, where SIGTERM still has its default, fatal action.
    /// </summary>
    public bool NeedsNativeBinary { get; set; }

    public override string? Skip
    {
        get => base.Skip ?? (NeedsNativeBinary && !LogPipeProcess.IsNative
            ? "needs the native build: set LOGPIPE_BINARY to a PublishAot binary, as scripts/test.sh does"
            : null);
        set => base.Skip = value;
    }
}
