using System.Threading.Channels;

namespace LogPipe.Top;

/// <summary>
/// Reads key presses on a thread of its own (<see cref="Console.ReadKey(bool)"/> blocks) and posts what they ask for.
/// The thread is a background one: it may stay blocked in a read when the program ends.
/// </summary>
internal static class KeyInput
{
    public static void Start(ChannelWriter<TopInput> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var thread = new Thread(() => Read(inputs)) { IsBackground = true, Name = "top keys" };
        thread.Start();
    }

    /// <summary>What a key asks for, or null for a key that means nothing here.</summary>
    public static TopInput? Map(ConsoleKeyInfo key) => key switch
    {
        { KeyChar: 'q' or 'Q' } => TopInput.Quit,
        { Key: ConsoleKey.C, Modifiers: ConsoleModifiers.Control } => TopInput.Quit,
        { Key: ConsoleKey.Tab, Modifiers: ConsoleModifiers.Shift } => TopInput.PreviousList,
        { Key: ConsoleKey.Tab } or { Key: ConsoleKey.RightArrow } or { Key: ConsoleKey.DownArrow } => TopInput.NextList,
        { Key: ConsoleKey.LeftArrow } or { Key: ConsoleKey.UpArrow } => TopInput.PreviousList,
        { KeyChar: 'd' } => TopInput.DayBack,
        { KeyChar: 'D' } => TopInput.DayForward,
        { Key: ConsoleKey.L, Modifiers: ConsoleModifiers.Control } => TopInput.Redraw,
        _ => null,
    };

    private static void Read(ChannelWriter<TopInput> inputs)
    {
        try
        {
            while (true)
            {
                if (Map(Console.ReadKey(intercept: true)) is { } input)
                {
                    inputs.TryWrite(input);
                }
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException)
        {
            // No terminal to read (stdin closed or redirected): the screen still runs, and q is Ctrl-C or SIGTERM.
        }
    }
}
