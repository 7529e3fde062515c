namespace LogPipe.LogGen;

/// <summary>Zipf-distributed ranks: rank k (0-based) has weight 1/(k+1)^s. Sampled by binary search in a cumulative table.</summary>
internal sealed class ZipfTable
{
    private readonly double[] _cumulative;

    public ZipfTable(int count, double exponent)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        _cumulative = new double[count];
        double sum = 0;
        for (int k = 0; k < count; k++)
        {
            sum += 1.0 / Math.Pow(k + 1, exponent);
            _cumulative[k] = sum;
        }

        for (int k = 0; k < count; k++)
        {
            _cumulative[k] /= sum;
        }

        _cumulative[count - 1] = 1.0;
    }

    /// <summary>The rank for a uniform <paramref name="u"/> in [0, 1): the first k with cumulative[k] &gt; u.</summary>
    public int Sample(double u)
    {
        int lo = 0;
        int hi = _cumulative.Length - 1;
        while (lo < hi)
        {
            int mid = (int)((uint)(lo + hi) >> 1);
            if (_cumulative[mid] > u)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        return lo;
    }
}
