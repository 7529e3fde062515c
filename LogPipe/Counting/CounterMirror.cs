namespace LogPipe.Counting;

/// <summary>
/// A counter fed at flush time by another's counts, not by lines: the pages report takes each page key's hits under the
/// same member, the views report their sum. Per line it costs nothing; what it holds is exactly what its source holds.
/// </summary>
/// <param name="Counter">The counter fed.</param>
/// <param name="TotalOnly">True when it takes the sum of the source's hits (one key a day), not each member's.</param>
internal sealed record CounterMirror(CounterDefinition Counter, bool TotalOnly);
