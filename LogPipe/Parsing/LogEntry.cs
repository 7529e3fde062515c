namespace LogPipe.Parsing;

/// <summary>
/// The fields of one access-log line as spans over that line: nothing is copied or decoded.
/// A field the format lacks, or that a cut-off line did not reach, is empty.
/// </summary>
internal ref struct LogEntry
{
    public ReadOnlySpan<byte> Client;
    public ReadOnlySpan<byte> User;
    public ReadOnlySpan<byte> VirtualHost;

    /// <summary>The <c>%t</c> field with its brackets: <c>[10/Oct/2000:13:55:36 -0700]</c>.</summary>
    public ReadOnlySpan<byte> Time;

    /// <summary>The whole <c>%r</c> field, still escaped as Apache wrote it.</summary>
    public ReadOnlySpan<byte> RequestLine;
    public ReadOnlySpan<byte> Method;

    /// <summary>The request target as logged: path and query string.</summary>
    public ReadOnlySpan<byte> Target;

    /// <summary>Empty for an HTTP/0.9 request line, which has no protocol.</summary>
    public ReadOnlySpan<byte> Protocol;
    public ReadOnlySpan<byte> Status;
    public ReadOnlySpan<byte> Bytes;
    public ReadOnlySpan<byte> Referer;
    public ReadOnlySpan<byte> UserAgent;

    /// <summary>
    /// Where in the line the wanted fields after the status begin while they are still unread
    /// (<see cref="AccessLogParser.TryParseRequiredFirst"/>); 0 once read, or when there are none.
    /// </summary>
    public int WantedFieldsAt;
}
