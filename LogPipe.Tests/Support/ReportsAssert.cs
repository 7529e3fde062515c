using System.Text;
using LogPipe.LogGen;
using StackExchange.Redis;

namespace LogPipe.Tests.Support;

/// <summary>Compares every report key Redis holds for the generated days with what the generator knows it must hold.</summary>
internal static class ReportsAssert
{
    // HyperLogLog's standard error is 0.81%; the issue allows 2%.
    private const double VisitorTolerance = 0.02;

    /// <param name="database">Where the reports are.</param>
    /// <param name="expected">The generator's figures.</param>
    /// <param name="keyPrefix">The run's --key-prefix.</param>
    public static async Task EqualAsync(IDatabase database, ExpectedReports expected, string keyPrefix)
    {
        Assert.NotEmpty(expected.Views);
        var differences = new List<string>();
        foreach (var (day, views) in expected.Views)
        {
            var stored = (long?)await database.StringGetAsync($"{keyPrefix}views:{day}");
            if (stored != views)
            {
                differences.Add($"views:{day}: expected {views}, Redis {stored?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}");
            }

            var visitors = await database.HyperLogLogLengthAsync($"{keyPrefix}visitors:{day}");
            var exact = expected.Visitors[day];
            if (Math.Abs(visitors - exact) > exact * VisitorTolerance)
            {
                differences.Add($"visitors:{day}: {visitors} counted, {exact} exact: more than {VisitorTolerance:P0} apart");
            }

            await CompareSortedSetAsync(database, $"{keyPrefix}pages:{day}", expected.Pages, day, differences);
            await CompareSortedSetAsync(database, $"{keyPrefix}referrers:{day}", expected.Referrers, day, differences);
            await CompareSortedSetAsync(database, $"{keyPrefix}campaigns:{day}", expected.Campaigns, day, differences);
            await CompareHashAsync(database, $"{keyPrefix}statuses:{day}", expected.Statuses, day, differences);
            await CompareHashAsync(database, $"{keyPrefix}crawlers:{day}", expected.Crawlers, day, differences);
            await CompareHashAsync(database, $"{keyPrefix}minutes:{day}", expected.Minutes, day, differences);
        }

        Assert.True(differences.Count == 0, $"{differences.Count} report figures differ:\n{string.Join('\n', differences.Take(30))}");
    }

    private static async Task CompareSortedSetAsync(IDatabase database, string key, IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> expected, string day, List<string> differences)
    {
        var entries = await database.SortedSetRangeByRankWithScoresAsync(key);
        var actual = entries.ToDictionary(entry => Latin1(entry.Element), entry => (long)entry.Score, StringComparer.Ordinal);
        Compare(key, expected.GetValueOrDefault(day) ?? new Dictionary<string, long>(), actual, differences);
    }

    private static async Task CompareHashAsync(IDatabase database, string key, IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> expected, string day, List<string> differences)
    {
        var entries = await database.HashGetAllAsync(key);
        var actual = entries.ToDictionary(entry => Latin1(entry.Name), entry => (long)entry.Value, StringComparer.Ordinal);
        Compare(key, expected.GetValueOrDefault(day) ?? new Dictionary<string, long>(), actual, differences);
    }

    private static void Compare(string key, IReadOnlyDictionary<string, long> expected, Dictionary<string, long> actual, List<string> differences)
    {
        foreach (var member in expected.Keys.Union(actual.Keys).Order(StringComparer.Ordinal))
        {
            var want = expected.GetValueOrDefault(member);
            var have = actual.GetValueOrDefault(member);
            if (want != have)
            {
                differences.Add($"{key} {member}: expected {want}, Redis {(actual.ContainsKey(member) ? have : "none")}");
            }
        }
    }

    // The generator keys members by their bytes as Latin-1 text, one char per byte.
    private static string Latin1(RedisValue value) => Encoding.Latin1.GetString((byte[])value!);
}
