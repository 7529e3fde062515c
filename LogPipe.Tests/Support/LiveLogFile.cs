namespace LogPipe.Tests.Support;

/// <summary>Reads a log file that its writer (httpd, LogPipe) still holds open and appends to.</summary>
internal static class LiveLogFile
{
    /// <summary>Its complete lines so far; none when it does not exist yet.</summary>
    public static IReadOnlyList<string> ReadLines(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        // The writer keeps the file open for writing while the test reads it, and may roll it away.
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            lines.Add(line);
        }

        return lines;
    }

    /// <summary>The last <paramref name="lines"/> lines, for a failure message.</summary>
    public static string Tail(string path, int lines = 60) => string.Join('\n', ReadLines(path).TakeLast(lines));
}
