using LogPipe.Input;

namespace LogPipe.Tests.Input;

public sealed class NewlineFinderUnitTests
{
    [Fact]
    public void Finds_every_newline_in_order_across_blocks_and_the_short_tail()
    {
        // Lengths around one, two and several 64-byte blocks; newlines at random places, sometimes on every byte.
        var random = new Random(4);
        for (var length = 0; length <= 300; length++)
        {
            foreach (var share in new[] { 0.0, 0.02, 0.3, 1.0 })
            {
                var data = new byte[length];
                for (var i = 0; i < length; i++)
                {
                    data[i] = random.NextDouble() < share ? (byte)'\n' : (byte)random.Next(0, 256);
                }

                var start = length == 0 ? 0 : random.Next(0, length + 1);
                Assert.Equal(NewlinesFrom(data, start), Found(data, start));
            }
        }
    }

    [Fact]
    public void Start_beyond_the_data_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new NewlineFinder(new byte[3], 4));
    }

    private static List<int> Found(byte[] data, int start)
    {
        var found = new List<int>();
        var finder = new NewlineFinder(data, start);
        while (finder.TryNext(out var index))
        {
            found.Add(index);
        }

        Assert.False(finder.TryNext(out _));
        return found;
    }

    private static List<int> NewlinesFrom(byte[] data, int start)
    {
        var expected = new List<int>();
        for (var i = start; i < data.Length; i++)
        {
            if (data[i] == '\n')
            {
                expected.Add(i);
            }
        }

        return expected;
    }
}
