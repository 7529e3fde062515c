using LogPipe.Logging;

namespace LogPipe.Tests.Logging;

public sealed class RateLimiterUnitTests
{
    private static readonly TimeSpan s_window = TimeSpan.FromMinutes(1);

    private long _now = 1_000_000;

    [Fact]
    public void Permits_pass_and_the_rest_of_the_window_is_suppressed()
    {
        var limiter = new RateLimiter(3, s_window, () => _now);

        Assert.Equal([true, true, true, false, false], Acquire(limiter, 5).Select(r => r.Permitted));
    }

    [Fact]
    public void Suppressed_count_is_reported_on_the_next_permitted_event()
    {
        var limiter = new RateLimiter(2, s_window, () => _now);
        Acquire(limiter, 2 + 4);

        _now += (long)s_window.TotalMilliseconds;
        var (permitted, suppressed) = Acquire(limiter, 1).Single();

        Assert.True(permitted);
        Assert.Equal(4, suppressed);
    }

    [Fact]
    public void Suppressed_count_is_reported_once_then_starts_again_from_zero()
    {
        var limiter = new RateLimiter(1, s_window, () => _now);
        Acquire(limiter, 3);
        _now += (long)s_window.TotalMilliseconds;
        Acquire(limiter, 1);

        _now += (long)s_window.TotalMilliseconds;
        var (permitted, suppressed) = Acquire(limiter, 1).Single();

        Assert.True(permitted);
        Assert.Equal(0, suppressed);
    }

    [Fact]
    public void Refused_events_report_no_count()
    {
        var limiter = new RateLimiter(1, s_window, () => _now);

        Assert.All(Acquire(limiter, 5).Skip(1), r => Assert.Equal(0, r.Suppressed));
    }

    [Fact]
    public void New_window_grants_all_permits_again()
    {
        var limiter = new RateLimiter(2, s_window, () => _now);
        Acquire(limiter, 3);

        _now += (long)s_window.TotalMilliseconds;

        Assert.Equal([true, true, false], Acquire(limiter, 3).Select(r => r.Permitted));
    }

    [Fact]
    public void Window_is_not_over_one_millisecond_early()
    {
        var limiter = new RateLimiter(1, s_window, () => _now);
        Acquire(limiter, 1);

        _now += (long)s_window.TotalMilliseconds - 1;

        Assert.False(Acquire(limiter, 1).Single().Permitted);
    }

    [Fact]
    public void Zero_permits_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RateLimiter(0, s_window));
    }

    private static List<(bool Permitted, long Suppressed)> Acquire(RateLimiter limiter, int times)
    {
        var results = new List<(bool, long)>();
        for (var i = 0; i < times; i++)
        {
            var permitted = limiter.TryAcquire(out var suppressed);
            results.Add((permitted, suppressed));
        }

        return results;
    }
}
