namespace LogPipe.LogGen;

/// <summary>Picks an index with probability proportional to small integer weights.</summary>
internal sealed class WeightedTable
{
    private readonly int[] _cumulative;

    public WeightedTable(ReadOnlySpan<int> weights)
    {
        if (weights.IsEmpty)
        {
            throw new ArgumentException("at least one weight is needed", nameof(weights));
        }

        _cumulative = new int[weights.Length];
        int sum = 0;
        for (int i = 0; i < weights.Length; i++)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(weights[i]);
            sum += weights[i];
            _cumulative[i] = sum;
        }

        ArgumentOutOfRangeException.ThrowIfZero(sum);
        Total = sum;
    }

    public int Total { get; }

    public int Sample(Random random)
    {
        int target = random.Next(Total);
        int i = 0;
        while (_cumulative[i] <= target)
        {
            i++;
        }

        return i;
    }
}
