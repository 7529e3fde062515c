namespace LogPipe.Counting;

/// <summary>The counters one worker writes, found by the id their structured keys start with.</summary>
internal sealed class CounterSet
{
    private readonly CounterDefinition?[] _byId = new CounterDefinition?[byte.MaxValue + 1];

    public CounterSet(params IReadOnlyList<CounterDefinition> counters)
    {
        ArgumentNullException.ThrowIfNull(counters);
        foreach (var counter in counters)
        {
            if (_byId[counter.Id] is not null)
            {
                throw new ArgumentException($"two counters have the id {counter.Id}", nameof(counters));
            }

            _byId[counter.Id] = counter;
        }

        Counters = counters;
    }

    public IReadOnlyList<CounterDefinition> Counters { get; }

    /// <summary>The counter a structured key belongs to.</summary>
    public CounterDefinition Of(ReadOnlySpan<byte> key) =>
        _byId[CounterKey.Counter(key)] ?? throw new InvalidOperationException($"no counter has the id {CounterKey.Counter(key)}");
}
