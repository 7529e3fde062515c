using System.CommandLine;
using System.Runtime.InteropServices;
using System.Threading.Channels;
using LogPipe.Supervision;
using LogPipe.Top;

namespace LogPipe.Cli;

/// <summary><c>logpipe top</c>: today's traffic, full-screen, read from the report keys in Redis every second.</summary>
internal sealed class TopCommand
{
    private const string Summary = """
        Shows the traffic of today, full-screen, refreshed every second from the report keys in Redis
        (so it shows what every LogPipe writing to that Redis counted): page views and visitors so
        far, page views in the last minute and per minute over the last hour, requests by status,
        the crawlers' share, and the top pages, referring sites, campaigns and crawlers.
        """;

    public const string Examples = """
        Keys: q quits; Tab, Shift-Tab or the arrows switch the list shown; d steps a day back, D a
        day forward. Ctrl-C and SIGTERM quit too, and the terminal is always restored.
        Without a terminal (output to a file or a pipe) it prints the screen once and exits.

        Examples:
          logpipe top
          logpipe top --redis 10.0.0.5:6379 --host example.com
          logpipe top --date yesterday
          logpipe top > traffic.txt                  one snapshot, as text

        Exit codes: 0 quit (or a snapshot printed); 64 bad option; 69 no snapshot: Redis could not be read.
        """;

    private const int SnapshotWidth = 80;
    private const int SnapshotHeight = 23;

    private readonly LaunchEnvironment _environment;
    private readonly ProcessSignals _signals;

    public TopCommand(LaunchEnvironment environment, ProcessSignals signals)
    {
        _environment = environment;
        _signals = signals;
        Command = new Command("top", Summary) { Date };
        foreach (var option in Redis.All)
        {
            Command.Options.Add(option);
        }

        Command.SetAction(RunAsync);
    }

    public Command Command { get; }

    public RedisReadOptions Redis { get; } = new();

    public Option<DateOnly?> Date { get; } = new("--date")
    {
        Description = $"The day to show first: {DayArgument.Syntax}. [default: today]",
        CustomParser = DayArgument.Parse,
        HelpName = "day",
    };

    private async Task<int> RunAsync(ParseResult parsed, CancellationToken cancellationToken)
    {
        if (!Redis.TryRead(parsed, _environment.Redis, out var settings, out var error))
        {
            await Console.Error.WriteLineAsync($"logpipe: {error}");
            return ExitCodes.Usage;
        }

        var day = parsed.GetValue(Date) ?? DateOnly.FromDateTime(DateTime.Now);
        await using var session = new TopSession(settings!);
        if (Console.IsOutputRedirected)
        {
            return await PrintSnapshotAsync(session, day, cancellationToken);
        }

        var inputs = Channel.CreateUnbounded<TopInput>();
        using var stop = new CancellationTokenSource();
        using var onTerminate = _signals.OnTerminate(stop.Cancel);
        using var onInterrupt = _signals.OnInterrupt(stop.Cancel);
        using var onResize = OperatingSystem.IsWindows() ? null : PosixSignalRegistration.Create(PosixSignal.SIGWINCH, _ => inputs.Writer.TryWrite(TopInput.Redraw));

        // The daemon ignores SIGHUP (ProcessSignals); a screen whose terminal hung up (SSH dropped) must end, not poll on.
        using var onHangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, _ => stop.Cancel());
        using var screen = TerminalScreen.Open(Console.OpenStandardOutput());
        if (!Console.IsInputRedirected)
        {
            KeyInput.Start(inputs.Writer);
        }

        await session.RunAsync(screen, inputs.Reader, day, stop.Token);
        return ExitCodes.Success;
    }

    // Without a terminal there is nothing to refresh: one screen of text, as at 80x24 without the keys' line.
    private static async Task<int> PrintSnapshotAsync(TopSession session, DateOnly day, CancellationToken cancellationToken)
    {
        var snapshot = await session.ReadAsync(day, null, cancellationToken);
        if (snapshot.Problem is { } problem)
        {
            await Console.Error.WriteLineAsync($"logpipe: {problem}");
            return ExitCodes.Unavailable;
        }

        var lines = TopScreen.Render(snapshot, TopList.Pages, SnapshotWidth, SnapshotHeight + 1)[..SnapshotHeight];
        await using var stdout = new StreamWriter(Console.OpenStandardOutput(), new System.Text.UTF8Encoding(false));
        foreach (var line in lines)
        {
            await stdout.WriteLineAsync(line.TrimEnd());
        }

        return ExitCodes.Success;
    }
}
