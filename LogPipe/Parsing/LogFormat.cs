using System.Text;

namespace LogPipe.Parsing;

/// <summary>
/// An Apache <c>LogFormat</c> string compiled into the list of literals and fields the parser walks,
/// so that a new format is a new string, not a new parser.
/// </summary>
internal sealed class LogFormat
{
    // Apache's "common" and "combined" nicknames, as defined in the stock httpd.conf.
    public const string CommonPattern = "%h %l %u %t \"%r\" %>s %b";
    public const string CombinedPattern = CommonPattern + " \"%{Referer}i\" \"%{User-Agent}i\"";

    // Debian's default for the access log of every virtual host.
    public const string VhostCombinedPattern = "%v:%p " + CombinedPattern;

    private LogFormat(string name, string pattern, FormatElement[] elements, uint requiredFields)
    {
        Name = name;
        Pattern = pattern;
        Elements = elements;
        RequiredFields = requiredFields;
    }

    /// <summary>The nickname given on the command line, or the pattern itself.</summary>
    public string Name { get; }

    public string Pattern { get; }

    public FormatElement[] Elements { get; }

    /// <summary>Bit mask of the <see cref="LogField"/>s a line needs for its hit to count: time, request line and status.</summary>
    public uint RequiredFields { get; }

    /// <summary>True when the format writes <paramref name="field"/> into each line.</summary>
    public bool Records(LogField field) => Array.Exists(Elements, element => !element.IsLiteral && element.Field == field);

    public static IReadOnlyList<string> Nicknames { get; } = ["combined", "common", "vhost_combined"];

    public static LogFormat Combined { get; } = Compile("combined", CombinedPattern);

    public static LogFormat Common { get; } = Compile("common", CommonPattern);

    /// <summary>Resolves a nickname (<c>combined</c>, <c>common</c>, <c>vhost_combined</c>) or compiles a raw LogFormat string.</summary>
    public static bool TryResolve(string nameOrPattern, out LogFormat? format, out string? error)
    {
        format = null;
        error = null;
        switch (nameOrPattern)
        {
            case "combined":
                format = Combined;
                return true;
            case "common":
                format = Common;
                return true;
            case "vhost_combined":
                format = Compile(nameOrPattern, VhostCombinedPattern);
                return true;
        }

        if (!nameOrPattern.Contains('%', StringComparison.Ordinal))
        {
            error = $"unknown log format '{nameOrPattern}': use {string.Join(", ", Nicknames)} or an Apache LogFormat string such as '{CommonPattern}'";
            return false;
        }

        try
        {
            format = Compile(nameOrPattern, nameOrPattern);
            return true;
        }
        catch (FormatException ex)
        {
            error = $"invalid log format '{nameOrPattern}': {ex.Message}";
            return false;
        }
    }

    /// <summary>Compiles an Apache LogFormat string; throws <see cref="FormatException"/> with a reason when it cannot be parsed.</summary>
    public static LogFormat Compile(string name, string pattern)
    {
        var tokens = Tokenize(pattern);
        var elements = new FormatElement[tokens.Count];
        uint present = 0;
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (token.Literal is not null)
            {
                elements[i] = FormatElement.ForLiteral(Encoding.ASCII.GetBytes(token.Literal));
                continue;
            }

            var previous = i > 0 ? tokens[i - 1].Literal : null;
            var next = i + 1 < tokens.Count ? tokens[i + 1].Literal : null;
            if (i + 1 < tokens.Count && next is null)
            {
                throw new FormatException($"two fields must be separated by a literal, at '{token.Directive}'");
            }

            var scan = token.Field switch
            {
                LogField.Time => FieldScan.Bracketed,
                _ when next is null => FieldScan.ToEnd,
                _ when previous is not null && previous.EndsWith('"') && next.StartsWith('"') => FieldScan.Quoted,
                _ => FieldScan.UntilTerminator,
            };
            elements[i] = FormatElement.ForField(token.Field, scan, next is null ? (byte)0 : (byte)next[0]);
            present |= FieldBit(token.Field);
        }

        var required = FieldBit(LogField.Time) | FieldBit(LogField.RequestLine);
        if ((present & required) != required)
        {
            throw new FormatException("the format must contain %t (time) and %r (request line)");
        }

        return new LogFormat(name, pattern, elements, required | (present & FieldBit(LogField.Status)));
    }

    public static uint FieldBit(LogField field) => 1u << (int)field;

    private static List<Token> Tokenize(string pattern)
    {
        var tokens = new List<Token>();
        var literal = new StringBuilder();
        var i = 0;
        while (i < pattern.Length)
        {
            var c = pattern[i];
            if (c != '%')
            {
                if (c > 0x7E || c < 0x20)
                {
                    throw new FormatException($"only printable ASCII is supported, found U+{(int)c:X4}");
                }

                literal.Append(c);
                i++;
                continue;
            }

            if (i + 1 < pattern.Length && pattern[i + 1] == '%')
            {
                literal.Append('%');
                i += 2;
                continue;
            }

            var start = i;
            var (field, length) = ReadDirective(pattern, i);
            if (literal.Length > 0)
            {
                tokens.Add(new Token(literal.ToString(), LogField.Other, null));
                literal.Clear();
            }

            tokens.Add(new Token(null, field, pattern.Substring(start, length)));
            i += length;
        }

        if (literal.Length > 0)
        {
            tokens.Add(new Token(literal.ToString(), LogField.Other, null));
        }

        return tokens;
    }

    private static (LogField Field, int Length) ReadDirective(string pattern, int start)
    {
        var i = start + 1;
        string? argument = null;
        if (i < pattern.Length && (pattern[i] == '>' || pattern[i] == '<'))
        {
            i++;
        }

        if (i < pattern.Length && pattern[i] == '{')
        {
            var close = pattern.IndexOf('}', i);
            if (close < 0)
            {
                throw new FormatException($"unclosed '{{' in directive at position {start}");
            }

            argument = pattern.Substring(i + 1, close - i - 1);
            i = close + 1;
        }

        if (i >= pattern.Length)
        {
            throw new FormatException("the format ends with an incomplete '%' directive");
        }

        var letter = pattern[i];
        var field = (letter, argument) switch
        {
            ('h' or 'a', null) => LogField.Client,
            ('l', null) => LogField.LogName,
            ('u', null) => LogField.User,
            ('t', null) => LogField.Time,
            ('r', null) => LogField.RequestLine,
            ('s', null) => LogField.Status,
            ('b' or 'B' or 'O' or 'I' or 'S', null) => LogField.Bytes,
            ('v' or 'V', null) => LogField.VirtualHost,
            ('i', not null) when argument.Equals("Referer", StringComparison.OrdinalIgnoreCase) => LogField.Referer,
            ('i', not null) when argument.Equals("User-Agent", StringComparison.OrdinalIgnoreCase) => LogField.UserAgent,
            ('i' or 'o' or 'e' or 'n' or 'C' or 'a', not null) => LogField.Other,
            ('A' or 'D' or 'T' or 'p' or 'P' or 'k' or 'L' or 'X' or 'f' or 'H' or 'm' or 'q' or 'U' or 'R', null) => LogField.Other,
            _ => throw new FormatException($"unsupported directive '{pattern.Substring(start, i - start + 1)}'"),
        };
        return (field, i - start + 1);
    }

    private readonly record struct Token(string? Literal, LogField Field, string? Directive);
}
