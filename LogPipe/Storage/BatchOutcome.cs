namespace LogPipe.Storage;

/// <summary>
/// What Redis did with a batch: applied now or by an earlier send whose reply was lost, and which of its keys it refused
/// (a key that holds a hash, or a string that is no integer). A refused key keeps its value and its hits are lost; the
/// rest of the batch counts. A replay reports the refusals of the send that applied the batch, so they count once.
/// The names are a few of the refused keys, escaped for the log.
/// </summary>
internal sealed record BatchOutcome(bool Replayed, int RefusedKeys, long RefusedHits, IReadOnlyList<string> RefusedKeyNames)
{
    public static readonly BatchOutcome Applied = new(false, 0, 0, []);

    public static readonly BatchOutcome AlreadyApplied = new(true, 0, 0, []);
}
