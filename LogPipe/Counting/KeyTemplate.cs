using System.Text;

namespace LogPipe.Counting;

/// <summary>
/// The Redis key layout from <c>--key-template</c>: literal text with the placeholders <c>{date}</c>, <c>{path}</c> and
/// <c>{host}</c> (the virtual host, <c>%v</c>), pre-split so that rendering a key is a few span copies.
/// </summary>
internal sealed class KeyTemplate
{
    public const string Default = "hits:{date}:{path}";

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
        _firstPath = Array.FindIndex(parts, part => part.Kind == PartKind.Path);
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

    public static bool TryParse(string text, out KeyTemplate? template, out string? error)
    {
        template = null;
        error = null;
        var parts = new List<Part>();
        var literalLength = 0;
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

        template = new KeyTemplate(text, [.. parts], literalLength);
        return true;
    }

    /// <summary>The largest key this template renders for a path, and a host, of <paramref name="maxFieldLength"/> bytes at most.</summary>
    public int MaxKeyLength(int maxFieldLength)
    {
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
