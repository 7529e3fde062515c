namespace LogPipe.Parsing;

/// <summary>The bytes that delimit fields in an Apache access-log line, shared by the parsers.</summary>
internal static class LogSyntax
{
    public const byte Space = (byte)' ';

    /// <summary>Around <c>%r</c>, <c>%{Referer}i</c> and other quoted fields.</summary>
    public const byte Quote = (byte)'"';

    /// <summary>Starts an escape inside a quoted field (<c>\"</c>, <c>\\</c>, <c>\xhh</c>).</summary>
    public const byte Backslash = (byte)'\\';

    /// <summary>Around <c>%t</c>.</summary>
    public const byte OpenBracket = (byte)'[';

    public const byte CloseBracket = (byte)']';
}
