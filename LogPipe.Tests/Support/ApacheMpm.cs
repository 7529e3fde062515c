namespace LogPipe.Tests.Support;

/// <summary>The multi-processing module a test's httpd runs: they differ in how a graceful restart reaches the children.</summary>
public enum ApacheMpm
{
    /// <summary>Threads per child; a graceful restart asks each child by PID to finish its connections.</summary>
    Event,

    /// <summary>One request per child process; a stop sends SIGTERM to the whole process group, LogPipe included.</summary>
    Prefork,
}
