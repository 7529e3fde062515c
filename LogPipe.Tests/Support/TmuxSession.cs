using System.Diagnostics;

namespace LogPipe.Tests.Support;

/// <summary>
/// A real terminal of a fixed size: a detached tmux session on a server of its own (its own socket), running one
/// command through <c>sh</c>, which then prints the command's exit status and waits, so that the screen after the
/// command (the shell's, once the alternate screen is left) can still be captured.
/// </summary>
public sealed class TmuxSession : IAsyncDisposable
{
    public const string ExitMarker = "exit status ";

    private readonly string _socket = $"logpipe-test-{Environment.ProcessId}-{Guid.NewGuid():N}";
    private readonly string _tmux = RequiredTool.Require("tmux", "tmux");

    private TmuxSession()
    {
    }

    /// <summary>Starts <paramref name="arguments"/> (the program first) in a <paramref name="width"/> x <paramref name="height"/> terminal.</summary>
    public static async Task<TmuxSession> StartAsync(int width, int height, IEnumerable<string> arguments)
    {
        var session = new TmuxSession();

        // -u: UTF-8 whatever the test's locale, for the chart's block characters; -f /dev/null: none of the user's settings.
        // The shell traps SIGINT so that Ctrl-C, which the terminal sends to the whole foreground group, ends the command
        // but not the shell; a trapped signal is back to its default in the command, as an ignored one would not be.
        string[] shell = ["sh", "-c", $"trap true INT; \"$@\"; echo \"{ExitMarker}$?\"; exec sleep 600", "sh", .. arguments];
        await session.RunAsync(["new-session", "-d", "-x", width.ToString(System.Globalization.CultureInfo.InvariantCulture), "-y", height.ToString(System.Globalization.CultureInfo.InvariantCulture), "--", .. shell]);
        return session;
    }

    /// <summary>The screen's text now, one string per line.</summary>
    public async Task<string[]> CaptureAsync() =>
        (await RunAsync(["capture-pane", "-p"])).TrimEnd('\n').Split('\n');

    public async Task<string> ScreenAsync() => string.Join('\n', await CaptureAsync());

    public Task SendKeysAsync(params string[] keys) => RunAsync(["send-keys", .. keys]);

    /// <summary>Resizes the terminal, as a user dragging its window's corner: the program gets SIGWINCH.</summary>
    public Task ResizeAsync(int width, int height) =>
        RunAsync(["resize-window", "-x", width.ToString(System.Globalization.CultureInfo.InvariantCulture), "-y", height.ToString(System.Globalization.CultureInfo.InvariantCulture)]);

    /// <summary>A tmux format of the pane, e.g. <c>#{alternate_on}</c> (1 while the alternate screen is shown) or <c>#{cursor_flag}</c>.</summary>
    public async Task<string> PaneAsync(string format) => (await RunAsync(["display-message", "-p", format])).Trim();

    /// <summary>The command's process: the shell's child.</summary>
    public async Task<int?> CommandProcessAsync()
    {
        var shell = int.Parse(await PaneAsync("#{pane_pid}"), System.Globalization.CultureInfo.InvariantCulture);
        return ProcessTree.ChildrenOf(shell) is [var child, ..] ? child : null;
    }

    /// <summary>Waits until the screen satisfies <paramref name="condition"/>; the last screen when it never does.</summary>
    public async Task<(bool Met, string Screen)> WaitForScreenAsync(Func<string, bool> condition, TimeSpan timeout)
    {
        var screen = string.Empty;
        var met = await Eventually.TrueAsync(async () => condition(screen = await ScreenAsync()), timeout);
        return (met, screen);
    }

    /// <summary>The command's exit status once it printed one, else null.</summary>
    public async Task<int?> ExitStatusAsync(TimeSpan timeout)
    {
        var (met, screen) = await WaitForScreenAsync(s => s.Contains(ExitMarker, StringComparison.Ordinal), timeout);
        if (!met)
        {
            return null;
        }

        var at = screen.IndexOf(ExitMarker, StringComparison.Ordinal) + ExitMarker.Length;
        return int.Parse(screen[at..].Split('\n')[0].Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        await RunAsync(["kill-server"], check: false);
    }

    private async Task<string> RunAsync(string[] arguments, bool check = true)
    {
        var start = new ProcessStartInfo(_tmux) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])["-u", "-L", _socket, "-f", "/dev/null", .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove("TMUX");
        start.Environment["TERM"] = "xterm-256color";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (check && process.ExitCode != 0)
        {
            throw new InvalidOperationException($"tmux {string.Join(' ', arguments)} failed ({process.ExitCode}): {await error}");
        }

        return await output;
    }
}
