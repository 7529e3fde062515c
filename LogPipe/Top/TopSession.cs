using System.Threading.Channels;
using LogPipe.Cli;
using LogPipe.Reporting;
using StackExchange.Redis;

namespace LogPipe.Top;

/// <summary>
/// The screen's loop: reads the day's figures from Redis every second, draws them, and acts on keys at once. Redis
/// being away is a line on the screen, retried every second, never an exception.
/// </summary>
internal sealed class TopSession : IAsyncDisposable
{
    /// <summary>Members read of each list: more than the tallest terminal shows.</summary>
    public const int ListLength = 100;

    private static readonly TimeSpan s_refresh = TimeSpan.FromSeconds(1);
    private static readonly int s_lists = Enum.GetValues<TopList>().Length;

    // A Redis that accepts connections but does not answer must not hold the screen for the client's default 5 s.
    private static readonly TimeSpan s_readTimeout = TimeSpan.FromMilliseconds(900);

    private readonly RedisReadSettings _settings;
    private ConnectionMultiplexer? _connection;

    public TopSession(RedisReadSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        settings.Redis.AsyncTimeout = (int)s_readTimeout.TotalMilliseconds;
        settings.Redis.SyncTimeout = (int)s_readTimeout.TotalMilliseconds;
        Source = settings.Keys.Host is { } host ? $"{host} @ {settings.Description}" : settings.Description;
    }

    /// <summary>Where the figures come from, as the title shows it.</summary>
    public string Source { get; }

    /// <summary>Reads <paramref name="day"/>'s figures; on failure, says why and keeps <paramref name="previous"/>'s if they are of that day.</summary>
    public async Task<TopSnapshot> ReadAsync(DateOnly day, TopSnapshot? previous, CancellationToken cancellationToken)
    {
        try
        {
            // Not aborting on a failed first connect: the client keeps trying in the background, and each read says how it went.
            _connection ??= await ConnectionMultiplexer.ConnectAsync(_settings.Redis).WaitAsync(cancellationToken);
            var reader = new ReportReader(_connection.GetDatabase(), _settings.Keys);
            var report = await reader.ReadAsync(ReportPeriod.Day(day), ListLength).WaitAsync(cancellationToken);
            return new TopSnapshot(day, report, DateTime.Now, Source, null);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            var kept = previous is not null && previous.Day == day ? previous.Report : null;
            return new TopSnapshot(day, kept, DateTime.Now, Source, $"Redis at {_settings.Description} unreachable: {_settings.Explain(ex)}");
        }
    }

    /// <summary>Runs until q, or until <paramref name="stop"/> (Ctrl-C, SIGTERM).</summary>
    public async Task RunAsync(TerminalScreen screen, ChannelReader<TopInput> inputs, DateOnly startDay, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(screen);
        ArgumentNullException.ThrowIfNull(inputs);

        // Days back from today, so that the screen moves on to the new day at midnight.
        var daysBack = DateOnly.FromDateTime(DateTime.Now).DayNumber - startDay.DayNumber;
        var focus = TopList.Pages;
        var snapshot = new TopSnapshot(startDay, null, DateTime.Now, Source, null);
        var nextRead = DateTime.UtcNow;

        // "Reading..." while the first connection is made, which takes up to the connect timeout when Redis is away.
        Draw(screen, snapshot, focus);
        while (!stop.IsCancellationRequested)
        {
            if (DateTime.UtcNow >= nextRead)
            {
                try
                {
                    snapshot = await ReadAsync(DateOnly.FromDateTime(DateTime.Now).AddDays(-daysBack), snapshot, stop);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                nextRead = DateTime.UtcNow + s_refresh;
            }

            Draw(screen, snapshot, focus);
            switch (await NextInputAsync(inputs, nextRead - DateTime.UtcNow, stop))
            {
                case TopInput.Quit:
                    return;
                case TopInput.NextList:
                    focus = (TopList)(((int)focus + 1) % s_lists);
                    break;
                case TopInput.PreviousList:
                    focus = (TopList)(((int)focus + s_lists - 1) % s_lists);
                    break;
                case TopInput.DayBack:
                    daysBack++;
                    nextRead = DateTime.UtcNow;
                    break;
                case TopInput.DayForward when daysBack > 0:
                    daysBack--;
                    nextRead = DateTime.UtcNow;
                    break;
                default:
                    break;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
    }

    private static void Draw(TerminalScreen screen, TopSnapshot snapshot, TopList focus)
    {
        var (width, height) = TerminalScreen.Size;
        screen.Draw(TopScreen.Render(snapshot with { Now = DateTime.Now }, focus, width, height));
    }

    // The next key press, or null when the wait runs out (time to read again) or the screen is stopped.
    private static async Task<TopInput?> NextInputAsync(ChannelReader<TopInput> inputs, TimeSpan wait, CancellationToken stop)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
        timeout.CancelAfter(wait > TimeSpan.Zero ? wait : TimeSpan.Zero);
        try
        {
            return await inputs.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        catch (ChannelClosedException)
        {
            return null;
        }
    }
}
