namespace LogPipe.Input;

/// <summary>Receives the lines <see cref="LineReader"/> cuts from its input, one read chunk at a time.</summary>
internal interface ILineHandler
{
    /// <summary>One complete line, without its newline or carriage return; never empty.</summary>
    void OnLine(ReadOnlySpan<byte> line);

    /// <summary>A line longer than the limit, skipped up to its newline; <paramref name="start"/> is its first bytes.</summary>
    void OnLineTooLong(ReadOnlySpan<byte> start);

    /// <summary>Called after the lines of one read: a handler that batches lines acts on the batch here.</summary>
    void EndChunk();
}
