using System.Runtime.InteropServices;
using System.Text;

namespace LogPipe.Counting;

/// <summary>
/// The Redis key layout from <c>--key-template</c>: literal text with the placeholders <c>{date}</c>, <c>{path}</c> and
/// <c>{host}</c> (the virtual host, <c>%v</c>), pre-split so that rendering a key is a few span copies.
/// </summary>
internal sealed class KeyTemplate
{
    public const string Default = "hits:{date}:{path}";

    /// <summary>
    /// The start of every key LogPipe keeps for itself (per-day caps, batch markers, the stats hash): no key rendered for
    /// a request may fall among them.
    /// </summary>
    public const string ReservedPrefix = "logpipe:";

    /// <summary>
    /// Placeholders a template may hold. Three cover every layout (host, date, path); each {path} may be as long as
    /// --max-path-length (64 KiB at most), so a bound here is what keeps a key, and a batch of them, a sane size.
    /// </summary>
    public const int MaxPlaceholders = 4;

    /// <summary>Bytes of literal text a template may hold: a prefix and a few separators need a few dozen.</summary>
    public const int MaxLiteralLength = 256;

    private const string DatePlaceholder = "{date}";
    private const string PathPlaceholder = "{path}";
    private const string HostPlaceholder = "{host}";
    private const string Placeholders = $"{DatePlaceholder}, {PathPlaceholder} and {HostPlaceholder}";

    private readonly Part[] _parts;

    // Every template has a {path}: what precedes the first one depends on the date (and the host, if it is there) alone.
    private readonly int _firstPath;

    private KeyTemplate(string text, Part[] parts, int literalLength)
    {
        Text = text;
        _parts = parts;
        LiteralLength = literalLength;
        // A report's key has no {path}: all of it is head.
        _firstPath = Array.FindIndex(parts, part => part.Kind == PartKind.Path) is var path and >= 0 ? path : parts.Length;
        UsesHost = Array.Exists(parts, part => part.Kind == PartKind.Host);
        HeadUsesHost = Array.FindIndex(parts, 0, _firstPath, part => part.Kind == PartKind.Host) >= 0;
    }

    public string Text { get; }

    /// <summary>Bytes of the key that are neither date, path nor host.</summary>
    public int LiteralLength { get; }

    /// <summary>True when the key holds <c>{host}</c>: the log format must then record the virtual host.</summary>
    public bool UsesHost { get; }

    /// <summary>True when <c>{host}</c> comes before the first <c>{path}</c>, so that the head depends on the host too.</summary>
    public bool HeadUsesHost { get; }

    /// <summary>
    /// The key of a report that keeps one key a day: <c>NAME:{date}</c>, or <c>{host}:NAME:{date}</c> when the reports
    /// are kept per virtual host. Built by LogPipe, not given by the user, so none of <see cref="TryParse"/>'s checks apply.
    /// </summary>
    public static KeyTemplate ForReport(string name, bool perHost)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var literal = Encoding.ASCII.GetBytes(name + ":");
        Part[] parts = perHost
            ? [new Part(PartKind.Host, null), new Part(PartKind.Literal, ":"u8.ToArray()), new Part(PartKind.Literal, literal), new Part(PartKind.Date, null)]
            : [new Part(PartKind.Literal, literal), new Part(PartKind.Date, null)];
        var text = (perHost ? HostPlaceholder + ":" : string.Empty) + name + ":" + DatePlaceholder;
        return new KeyTemplate(text, parts, literal.Length + (perHost ? 1 : 0));
    }

    /// <summary>The literal text a key begins with, before any placeholder; empty when it begins with one.</summary>
    public ReadOnlySpan<byte> LeadingLiteral => _parts is [{ Kind: PartKind.Literal, Literal: { } literal }, ..] ? literal : default;

    public static bool TryParse(string text, out KeyTemplate? template, out string? error)
    {
        template = null;
        error = null;
        var parts = new List<Part>();
        var literalLength = 0;
        var placeholders = 0;
        var i = 0;
        while (i < text.Length)
        {
            var open = text.IndexOf('{', i);
            var literalEnd = open < 0 ? text.Length : open;
            if (literalEnd > i)
            {
                var literal = Encoding.UTF8.GetBytes(text[i..literalEnd]);
                if (literal.AsSpan().IndexOf((byte)'}') >= 0)
                {
                    error = $"key template '{text}' has a '}}' without '{{'; the placeholders are {Placeholders}";
                    return false;
                }

                parts.Add(new Part(PartKind.Literal, literal));
                literalLength += literal.Length;
            }

            if (open < 0)
            {
                break;
            }

            if (++placeholders > MaxPlaceholders)
            {
                error = $"key template '{text}' has more than {MaxPlaceholders} placeholders; a key needs {Placeholders}, each once";
                return false;
            }

            if (string.CompareOrdinal(text, open, DatePlaceholder, 0, DatePlaceholder.Length) == 0)
            {
                parts.Add(new Part(PartKind.Date, null));
                i = open + DatePlaceholder.Length;
            }
            else if (string.CompareOrdinal(text, open, PathPlaceholder, 0, PathPlaceholder.Length) == 0)
            {
                parts.Add(new Part(PartKind.Path, null));
                i = open + PathPlaceholder.Length;
            }
            else if (string.CompareOrdinal(text, open, HostPlaceholder, 0, HostPlaceholder.Length) == 0)
            {
                parts.Add(new Part(PartKind.Host, null));
                i = open + HostPlaceholder.Length;
            }
            else
            {
                // Name what was written: a misspelt {pth} is the mistake, not the {path} it leaves missing.
                var close = text.IndexOfAny(['}', '{'], open + 1);
                var unknown = close < 0 ? text[open..] : text[open..(text[close] == '}' ? close + 1 : close)];
                error = $"key template '{text}' has an unknown placeholder '{unknown}'; the placeholders are {Placeholders}";
                return false;
            }
        }

        // Checked after the placeholders, so that a misspelt one is named rather than reported as a missing {path}.
        if (!parts.Exists(part => part.Kind == PartKind.Path))
        {
            error = $"key template '{text}' must contain {PathPlaceholder}";
            return false;
        }

        if (literalLength > MaxLiteralLength)
        {
            error = $"key template '{text}' has {literalLength} bytes of literal text; at most {MaxLiteralLength} are allowed";
            return false;
        }

        var parsed = new KeyTemplate(text, [.. parts], literalLength);
        if (!parsed.TryCheckStart(out error))
        {
            return false;
        }

        template = parsed;
        return true;
    }

    // A request chooses its path and (through the Host header) often its host: if one of them began the key, or could
    // complete a key beginning "logpipe:", a request like "GET myapp:balance:alice" would write any key it names.
    private bool TryCheckStart(out string? error)
    {
        var head = new List<byte>();
        foreach (var part in _parts)
        {
            if (part.Kind is PartKind.Path or PartKind.Host)
            {
                break;
            }

            // A date is digits and dashes, which no letter of the reserved prefix matches.
            head.AddRange(part.Literal ?? "0000-00-00"u8.ToArray());
        }

        var reserved = Encoding.ASCII.GetBytes(ReservedPrefix);
        var common = Math.Min(head.Count, reserved.Length);
        if (head.Count == 0)
        {
            error = $"key template '{Text}' starts with a placeholder from the request, so a request could name any key; start it with literal text, e.g. 'hits:{Text}'";
        }
        else if (CollectionsMarshal.AsSpan(head)[..common].SequenceEqual(reserved.AsSpan(0, common)))
        {
            error = $"key template '{Text}' could write LogPipe's own keys ({ReservedPrefix}...); start it with other text, e.g. {Default}";
        }
        else
        {
            error = null;
        }

        return error is null;
    }

    /// <summary>The largest key this template renders for a path, and a host, of <paramref name="maxFieldLength"/> bytes at most.</summary>
    public int MaxKeyLength(int maxFieldLength)
    {
        // With the template's bounds no path a setting allows comes near; an absurd field length fails here, not in a wrapped size.
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxFieldLength, (Array.MaxLength - MaxLiteralLength) / MaxPlaceholders);
        var length = LiteralLength;
        foreach (var part in _parts)
        {
            length += part.Kind switch
            {
                PartKind.Date => Parsing.ApacheTimestamp.DateLength,
                PartKind.Path or PartKind.Host => maxFieldLength,
                _ => 0,
            };
        }

        return length;
    }

    /// <summary>Writes the key into <paramref name="destination"/>, which must hold <see cref="MaxKeyLength"/> bytes, and returns its length.</summary>
    public int Render(ReadOnlySpan<byte> date, ReadOnlySpan<byte> host, ReadOnlySpan<byte> path, Span<byte> destination)
    {
        var headLength = RenderHead(date, host, destination);
        return headLength + RenderFromPath(date, host, path, destination[headLength..]);
    }

    /// <summary>The longest head <see cref="RenderHead"/> writes without <c>{host}</c>: the key up to its first <c>{path}</c>, for a date of the usual length.</summary>
    public int HeadLength
    {
        get
        {
            var length = 0;
            foreach (var part in _parts.AsSpan(0, _firstPath))
            {
                length += part.Kind == PartKind.Date ? Parsing.ApacheTimestamp.DateLength : part.Literal?.Length ?? 0;
            }

            return length;
        }
    }

    /// <summary>True when the key ends with its only <c>{path}</c>, as the default does: the head and the path make the whole key.</summary>
    public bool EndsWithOnlyPath => _firstPath == _parts.Length - 1;

    /// <summary>Writes the key up to its first <c>{path}</c>, which depends on the date (and the host, when <see cref="HeadUsesHost"/>) alone; returns its length.</summary>
    public int RenderHead(ReadOnlySpan<byte> date, ReadOnlySpan<byte> host, Span<byte> destination) =>
        RenderParts(_parts.AsSpan(0, _firstPath), date, host, default, destination);

    /// <summary>Writes the key from its first <c>{path}</c> to its end; returns its length.</summary>
    public int RenderFromPath(ReadOnlySpan<byte> date, ReadOnlySpan<byte> host, ReadOnlySpan<byte> path, Span<byte> destination) =>
        RenderParts(_parts.AsSpan(_firstPath), date, host, path, destination);

    private static int RenderParts(ReadOnlySpan<Part> parts, ReadOnlySpan<byte> date, ReadOnlySpan<byte> host, ReadOnlySpan<byte> path, Span<byte> destination)
    {
        var length = 0;
        foreach (var part in parts)
        {
            var source = part.Kind switch
            {
                PartKind.Date => date,
                PartKind.Path => path,
                PartKind.Host => host,
                _ => part.Literal,
            };
            source.CopyTo(destination[length..]);
            length += source.Length;
        }

        return length;
    }

    private enum PartKind : byte
    {
        Literal,
        Date,
        Path,
        Host,
    }

    private readonly record struct Part(PartKind Kind, byte[]? Literal);
}
