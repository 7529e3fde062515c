using LogPipe.Common;

namespace LogPipe.Tests.Common;

public sealed class RetryBackoffUnitTests
{
    private static readonly TimeSpan s_initial = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan s_maximum = TimeSpan.FromSeconds(5);

    [Fact]
    public void Each_delay_is_half_to_all_of_a_step_that_doubles_up_to_the_cap()
    {
        // 100 ms doubling: 0.1, 0.2, 0.4, 0.8, 1.6, 3.2, then 5 s for ever.
        for (var run = 0; run < 200; run++)
        {
            var backoff = new RetryBackoff(s_initial, s_maximum);
            var step = s_initial;
            for (var failure = 1; failure <= 10; failure++)
            {
                var delay = backoff.NextDelay();

                Assert.InRange(delay, step / 2, step);
                Assert.Equal(failure, backoff.Failures);
                step = step * 2 < s_maximum ? step * 2 : s_maximum;
            }
        }
    }

    [Fact]
    public void Delays_are_jittered_so_that_many_processes_do_not_retry_in_step()
    {
        var first = Enumerable.Range(0, 100).Select(_ => new RetryBackoff(s_initial, s_maximum).NextDelay()).ToList();

        // Continuous jitter: a hundred first delays that were not spread would be a handful of values.
        Assert.True(first.Distinct().Count() > 90, string.Join(", ", first.Distinct()));
        Assert.True(first.Max() - first.Min() > s_initial / 4, $"first delays from {first.Min()} to {first.Max()}");
    }

    [Fact]
    public void Reset_starts_again_from_the_first_step_with_no_failures()
    {
        var backoff = new RetryBackoff(s_initial, s_maximum);
        for (var i = 0; i < 8; i++)
        {
            backoff.NextDelay();
        }

        backoff.Reset();

        Assert.Equal(0, backoff.Failures);
        Assert.InRange(backoff.NextDelay(), s_initial / 2, s_initial);
        Assert.Equal(1, backoff.Failures);
    }

    [Fact]
    public void A_cap_equal_to_the_first_step_keeps_every_delay_within_it()
    {
        var backoff = new RetryBackoff(s_maximum, s_maximum);

        for (var i = 0; i < 20; i++)
        {
            Assert.InRange(backoff.NextDelay(), s_maximum / 2, s_maximum);
        }
    }

    [Theory]
    [InlineData(0, 1000)]
    [InlineData(-1, 1000)]
    [InlineData(200, 100)]
    public void A_first_step_that_is_not_positive_or_a_cap_below_it_is_refused(int initialMilliseconds, int maximumMilliseconds)
    {
        Assert.Throws<ArgumentOutOfRangeException>(
            () => new RetryBackoff(TimeSpan.FromMilliseconds(initialMilliseconds), TimeSpan.FromMilliseconds(maximumMilliseconds)));
    }
}
