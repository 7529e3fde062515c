using System.Text;

namespace LogPipe.Top;

/// <summary>
/// The terminal while <c>top</c> runs: the alternate screen with the cursor hidden, whole frames drawn in one write
/// (no flicker over SSH), and the terminal given back as it was, once, however the program ends.
/// </summary>
internal sealed class TerminalScreen : IDisposable
{
    // xterm's alternate screen (the shell's screen comes back on leaving) and cursor visibility; every terminal
    // emulator and tmux know them.
    private const string Enter = "\e[?1049h\e[?25l\e[H\e[2J";
    private const string Leave = "\e[0m\e[?25h\e[?1049l";
    private const string Home = "\e[H";
    private const string ClearToEnd = "\e[K";
    private const string Reverse = "\e[7m";
    private const string Normal = "\e[0m";

    private static readonly UTF8Encoding s_utf8 = new(false);
    private readonly Stream _output;
    private int _left;

    private TerminalScreen(Stream output)
    {
        _output = output;
        Write(Enter);
    }

    /// <summary>The size to draw for; 80x24 when the terminal does not say.</summary>
    public static (int Width, int Height) Size
    {
        get
        {
            try
            {
                return (Console.WindowWidth is > 0 and var width ? width : 80, Console.WindowHeight is > 0 and var height ? height : 24);
            }
            catch (IOException)
            {
                return (80, 24);
            }
        }
    }

    public static TerminalScreen Open(Stream output) => new(output);

    /// <summary>Draws <paramref name="lines"/> over the whole screen, the first (the title) in reverse video.</summary>
    public void Draw(IReadOnlyList<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var frame = new StringBuilder(Home);
        for (var i = 0; i < lines.Count; i++)
        {
            frame.Append(i == 0 ? Reverse + lines[i] + Normal : lines[i]).Append(ClearToEnd);

            // No newline after the last line: it would scroll the screen by one.
            if (i < lines.Count - 1)
            {
                frame.Append("\r\n");
            }
        }

        Write(frame.ToString());
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _left, 1) == 0)
        {
            Write(Leave);
        }
    }

    private void Write(string text)
    {
        try
        {
            _output.Write(s_utf8.GetBytes(text));
            _output.Flush();
        }
        catch (IOException)
        {
            // The terminal went away (SSH dropped): nothing to draw on, and nothing to restore.
        }
    }
}
