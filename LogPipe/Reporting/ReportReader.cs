using StackExchange.Redis;

namespace LogPipe.Reporting;

/// <summary>
/// Reads a day's or a range's figures from the report keys in one round trip. Over a range, counters, hashes and sorted
/// sets are summed, and visitors are one PFCOUNT over the days' HyperLogLogs (their union). A missing key is zero.
/// </summary>
internal sealed class ReportReader
{
    private readonly IDatabase _database;
    private readonly ReportKeys _keys;

    public ReportReader(IDatabase database, ReportKeys keys)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(keys);
        _database = database;
        _keys = keys;
    }

    /// <param name="top">How many members of each ranked list to keep, at least 1.</param>
    /// <exception cref="RedisException">Redis could not be read, or a key holds another type than the layout's.</exception>
    public async Task<Report> ReadAsync(ReportPeriod period, int top)
    {
        ArgumentNullException.ThrowIfNull(period);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        var batch = _database.CreateBatch();
        var views = batch.StringGetAsync(_keys.For(ReportKeys.Views, period));
        var visitors = batch.HyperLogLogLengthAsync(_keys.For(ReportKeys.Visitors, period));
        var pages = QueueRanked(batch, ReportKeys.Pages, period, top);
        var referrers = QueueRanked(batch, ReportKeys.Referrers, period, top);
        var campaigns = QueueRanked(batch, ReportKeys.Campaigns, period, top);
        var statuses = QueueHashes(batch, ReportKeys.Statuses, period);
        var crawlers = QueueHashes(batch, ReportKeys.Crawlers, period);
        var minutes = period.IsOneDay ? batch.HashGetAllAsync(_keys.For(ReportKeys.Minutes, period.From)) : null;
        var minutesBefore = period.IsOneDay ? batch.HashGetAllAsync(_keys.For(ReportKeys.Minutes, period.From.AddDays(-1))) : null;
        batch.Execute();

        return new Report
        {
            Period = period,
            Host = _keys.Host,
            Views = Sum(await views),
            Visitors = await visitors,
            Pages = await pages,
            Referrers = await referrers,
            Campaigns = await campaigns,
            Statuses = [.. (await SumHashesAsync(statuses)).OrderBy(s => s.Name, ByteOrder.Instance)],
            Crawlers = [.. (await SumHashesAsync(crawlers)).OrderByDescending(c => c.Count).ThenBy(c => c.Name, ByteOrder.Instance)],
            Minutes = minutes is null ? [] : MinuteSeries.From(await minutes),
            MinutesOfDayBefore = minutesBefore is null ? [] : MinuteSeries.From(await minutesBefore),
        };
    }

    private Task<RankedList> QueueRanked(IBatch batch, string name, ReportPeriod period, int top)
    {
        if (period.IsOneDay)
        {
            var key = _keys.For(name, period.From);
            var highest = batch.SortedSetRangeByRankWithScoresAsync(key, 0, top - 1, Order.Descending);
            var length = batch.SortedSetLengthAsync(key);
            return RankedAsync(highest, length);
        }

        // The exact top of a range needs every day's members: ZUNION sums them in Redis, without writing a key.
        var union = batch.SortedSetCombineWithScoresAsync(SetOperation.Union, _keys.For(name, period));
        return TopOfAsync(union, top);
    }

    private static async Task<RankedList> RankedAsync(Task<SortedSetEntry[]> highest, Task<long> length) =>
        new([.. (await highest).Select(ToTally)], await length);

    private static async Task<RankedList> TopOfAsync(Task<SortedSetEntry[]> union, int top)
    {
        var all = await union;

        // As ZREVRANGE orders a single day's: highest count first, ties by member, descending.
        var highest = all.Select(ToTally).OrderByDescending(t => t.Count).ThenByDescending(t => t.Name, ByteOrder.Instance).Take(top);
        return new RankedList([.. highest], all.Length);
    }

    private Task<HashEntry[]>[] QueueHashes(IBatch batch, string name, ReportPeriod period) =>
        [.. _keys.For(name, period).Select(key => batch.HashGetAllAsync(key))];

    private static async Task<List<Tally>> SumHashesAsync(Task<HashEntry[]>[] days)
    {
        var sums = new Dictionary<string, Tally>(StringComparer.Ordinal);
        foreach (var day in days)
        {
            foreach (var entry in await day)
            {
                byte[] name = entry.Name!;

                // Latin-1 maps each byte to one char: a lossless dictionary key for arbitrary bytes.
                var key = System.Text.Encoding.Latin1.GetString(name);
                sums[key] = new Tally(name, (sums.TryGetValue(key, out var sum) ? sum.Count : 0) + Count(entry.Value));
            }
        }

        return [.. sums.Values];
    }

    private static Tally ToTally(SortedSetEntry entry) => new((byte[])entry.Element!, (long)entry.Score);

    private static long Sum(RedisValue[] values) => values.Sum(Count);

    // A field that holds no whole number (someone else's write) counts as nothing rather than failing the report.
    private static long Count(RedisValue value) => value.TryParse(out long count) ? count : 0;
}
