namespace LogPipe.Tests.Integration;

/// <summary>
/// Runs <see cref="RedisFaultTests"/> on their own, after the test classes that run in parallel: they measure how long
/// writes into stdin block, which other tests running alongside on a two-core machine would distort.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RedisFaultTestGroup
{
    public const string Name = "Redis faults, run alone";
}
