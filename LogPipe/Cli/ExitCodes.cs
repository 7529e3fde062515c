namespace LogPipe.Cli;

/// <summary>What LogPipe's exit status means, after sysexits.h, so that scripts and the supervisor can tell them apart.</summary>
internal static class ExitCodes
{
    /// <summary>End of input reached and every count flushed.</summary>
    public const int Success = 0;

    /// <summary>A runtime failure (stdin error, crash). The supervisor restarts the worker.</summary>
    public const int Failure = 1;

    /// <summary>
    /// Input read to its end (or reading stopped as asked), but Redis did not take every count within
    /// <c>--shutdown-timeout</c> (EX_UNAVAILABLE); the loss is logged. Not retried: a new worker would find no input
    /// left, exit 0, and hide the loss.
    /// </summary>
    public const int CountsLost = 69;

    /// <summary><c>report</c>: Redis could not be reached or read (EX_UNAVAILABLE, as <see cref="CountsLost"/>).</summary>
    public const int Unavailable = 69;

    /// <summary>A bad option or option value (EX_USAGE). Not retried: the same arguments would fail again.</summary>
    public const int Usage = 64;

    /// <summary>The environment refuses the configuration, e.g. an unwritable log file (EX_CONFIG). Not retried.</summary>
    public const int Configuration = 78;

    /// <summary>Whether a worker that exited with <paramref name="code"/> should be started again.</summary>
    public static bool IsRetryable(int code) => code is not (Success or CountsLost or Usage or Configuration);
}
