namespace LogPipe.Storage;

/// <summary>Short, readable descriptions of Redis client errors for the log.</summary>
internal static class RedisError
{
    // StackExchange.Redis appends its internal state ("mc: 1/1/0, clientName: ..., IOCP: ...") to messages:
    // useful in a bug report, noise in an operator's log.
    private const string DiagnosticsMarker = ", mc: ";

    // What a cluster node answers a script whose keys lie in several hash slots, as every flush's do.
    private const string CrossSlotError = "CROSSSLOT";

    public static string Describe(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var message = error.Message;
        var cut = message.IndexOf(DiagnosticsMarker, StringComparison.Ordinal);
        var description = $"{error.GetType().Name}: {(cut > 0 ? message[..cut] : message)}";
        return message.Contains(CrossSlotError, StringComparison.Ordinal)
            ? $"{description} (Redis Cluster is not supported: point --redis at a standalone Redis)"
            : description;
    }
}
