namespace LogPipe.Storage;

/// <summary>Where flushed counts go: Redis, or the dry-run report.</summary>
internal interface ICounterStore : IAsyncDisposable
{
    /// <summary>
    /// Adds the batch's hits to their counters exactly once, however often it is called with the same batch.
    /// Throws when the batch is not known to be applied; the caller sends it again later. Cancelling only stops
    /// the wait: the batch may still be applied, and is then recognised when sent again.
    /// </summary>
    /// <returns>True when applied now; false when an earlier attempt whose reply was lost had already applied it.</returns>
    Task<bool> ApplyAsync(CounterBatch batch, CancellationToken cancellationToken);

    /// <summary>
    /// <see cref="ApplyAsync"/>, telling also which keys the store refused (their hits are lost, the rest counts). A store
    /// that refuses no key (the dry run) need not implement it.
    /// </summary>
    async Task<BatchOutcome> SendAsync(CounterBatch batch, CancellationToken cancellationToken) =>
        await ApplyAsync(batch, cancellationToken).ConfigureAwait(false) ? BatchOutcome.Applied : BatchOutcome.AlreadyApplied;

    /// <summary>Replaces LogPipe's own figures (the stats hash). Best effort: failures throw and are only logged.</summary>
    Task PublishStatsAsync(IReadOnlyList<KeyValuePair<string, long>> fields, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the process's figures in the stats hash and adds the growth of its running counts to the host's totals,
    /// once however often the same update is sent. A store without a stats hash (the dry run) need not implement it.
    /// </summary>
    Task PublishStatsAsync(StatsFigures figures, CancellationToken cancellationToken) =>
        PublishStatsAsync([.. figures.Counts, .. figures.Gauges], cancellationToken);
}
