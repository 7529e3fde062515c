namespace LogPipe.Cli;

/// <summary>
/// Where every command finds Redis: <c>--redis</c>, else <c>$LOGPIPE_REDIS</c> (so that a password need not stand in the
/// Apache config or a shell history), else the local default. <see cref="LaunchEnvironment"/> reads the variable.
/// </summary>
internal static class RedisAddress
{
    public const string Default = "127.0.0.1:6379";
    public const string EnvironmentVariable = "LOGPIPE_REDIS";

    /// <param name="option">The value given to <c>--redis</c>, or null.</param>
    /// <param name="fromEnvironment"><c>$LOGPIPE_REDIS</c>, or null.</param>
    /// <param name="source">What to name in an error about the value: <c>--redis</c> or <c>$LOGPIPE_REDIS</c>.</param>
    public static string Resolve(string? option, string? fromEnvironment, out string source)
    {
        if (option is not null)
        {
            source = "--redis";
            return option;
        }

        if (fromEnvironment is { Length: > 0 })
        {
            source = "$" + EnvironmentVariable;
            return fromEnvironment;
        }

        source = "--redis";
        return Default;
    }
}
