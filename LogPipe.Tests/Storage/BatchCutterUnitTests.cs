using System.Runtime.InteropServices;
using LogPipe.Counting;
using LogPipe.Storage;
using LogPipe.Tests.Support;

namespace LogPipe.Tests.Storage;

public sealed class BatchCutterUnitTests
{
    [Fact]
    public void Members_refer_to_the_tables_own_bytes_so_that_a_table_in_flight_is_not_held_twice()
    {
        var table = new CountTable();
        for (var i = 0; i < 100; i++)
        {
            table.Increment(TestCounters.Key("2026-11-29", $"/page/{i}"), i + 1);
        }

        var batch = Assert.Single(new BatchCutter(new CounterSet(TestCounters.Pages()), () => "id").Cut(table));

        var group = Assert.Single(batch.Groups);
        var arrays = group.Members.Select(member => MemoryMarshal.TryGetArray(member, out var segment) ? segment.Array : null).Distinct().ToList();
        Assert.NotNull(Assert.Single(arrays));
        Assert.Equal(100, group.Members.Count);
        Assert.Equal(Enumerable.Range(1, 100).Sum(), batch.TotalHits);
        Assert.All(group.Members, member => Assert.StartsWith("/page/", System.Text.Encoding.ASCII.GetString(member.Span), StringComparison.Ordinal));
    }

    [Fact]
    public void A_table_is_cut_into_batches_of_at_most_the_key_and_byte_limits_with_every_hit_in_one()
    {
        var table = new CountTable();
        for (var i = 0; i < 1_200; i++)
        {
            table.Increment(TestCounters.Key("2026-11-29", $"/short/{i}"), 1);
        }

        for (var i = 0; i < 100; i++)
        {
            table.Increment(TestCounters.Key("2026-11-30", $"/long/{i}/" + new string('x', 32 * 1024)), 2);
        }

        var batches = new BatchCutter(new CounterSet(TestCounters.Pages()), () => Guid.NewGuid().ToString()).Cut(table);

        Assert.All(batches, batch => Assert.InRange(batch.Count, 1, BatchCutter.MaxKeysPerBatch + 2));
        Assert.All(batches, batch => Assert.InRange(batch.MemberBytes, 1, BatchCutter.MaxMemberBytesPerBatch + (33 * 1024)));
        Assert.Equal(1_200 + 200, batches.Sum(batch => batch.TotalHits));
        Assert.Equal(batches.Count, batches.Select(batch => batch.Id).Distinct().Count());
    }
}
