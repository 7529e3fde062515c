namespace LogPipe.Storage;

/// <summary>Short, readable descriptions of Redis client errors for the log.</summary>
internal static class RedisError
{
    // StackExchange.Redis appends its internal state ("mc: 1/1/0, clientName: ..., IOCP: ...") to messages:
    // useful in a bug report, noise in an operator's log.
    private const string DiagnosticsMarker = ", mc: ";

    public static string Describe(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var message = error.Message;
        var cut = message.IndexOf(DiagnosticsMarker, StringComparison.Ordinal);
        return $"{error.GetType().Name}: {(cut > 0 ? message[..cut] : message)}";
    }
}
