namespace LogPipe.Tests.Support;

/// <summary>Compares expected counters with what Redis holds, key by key, and names the keys that differ.</summary>
internal static class CountsAssert
{
    public static void Equal(IReadOnlyDictionary<string, long> expected, IReadOnlyDictionary<string, long> actual)
    {
        var differences = expected.Keys.Union(actual.Keys)
            .Where(key => expected.GetValueOrDefault(key) != actual.GetValueOrDefault(key))
            .Order(StringComparer.Ordinal)
            .Select(key => $"{key}: expected {expected.GetValueOrDefault(key)}, Redis {(actual.TryGetValue(key, out var count) ? count : "none")}")
            .ToList();
        Assert.True(
            differences.Count == 0,
            $"{differences.Count} of {expected.Count} keys differ ({expected.Values.Sum()} expected hits, {actual.Values.Sum()} counted):\n{string.Join('\n', differences.Take(30))}");
    }
}
