using System.Text;

namespace LogPipe.Counting;

/// <summary>
/// The Redis key layout from <c>--key-template</c>: literal text with the placeholders <c>{date}</c> and <c>{path}</c>,
/// pre-split so that rendering a key is a few span copies.
/// </summary>
internal sealed class KeyTemplate
{
    public const string Default = "hits:{date}:{path}";

    private const string DatePlaceholder = "{date}";
    private const string PathPlaceholder = "{path}";

    private readonly Part[] _parts;

    // Every template has a {path}: what precedes the first one depends on the date alone.
    private readonly int _firstPath;

    private KeyTemplate(string text, Part[] parts, int literalLength)
    {
        Text = text;
        _parts = parts;
        LiteralLength = literalLength;
        _firstPath = Array.FindIndex(parts, part => part.Kind == PartKind.Path);
    }

    public string Text { get; }

    /// <summary>Bytes of the key that are neither date nor path.</summary>
    public int LiteralLength { get; }

    public static bool TryParse(string text, out KeyTemplate? template, out string? error)
    {
        template = null;
        error = null;
        if (!text.Contains(PathPlaceholder, StringComparison.Ordinal))
        {
            error = $"key template '{text}' must contain {PathPlaceholder}";
            return false;
        }

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
                    error = $"key template '{text}' has a '}}' without '{{'; the placeholders are {DatePlaceholder} and {PathPlaceholder}";
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
            else
            {
                error = $"key template '{text}' has an unknown placeholder at position {open}; the placeholders are {DatePlaceholder} and {PathPlaceholder}";
                return false;
            }
        }

        template = new KeyTemplate(text, [.. parts], literalLength);
        return true;
    }

    /// <summary>The largest key this template renders for a path of <paramref name="maxPathLength"/> bytes.</summary>
    public int MaxKeyLength(int maxPathLength)
    {
        var length = LiteralLength;
        foreach (var part in _parts)
        {
            length += part.Kind switch
            {
                PartKind.Date => Parsing.ApacheTimestamp.DateLength,
                PartKind.Path => maxPathLength,
                _ => 0,
            };
        }

        return length;
    }

    /// <summary>Writes the key into <paramref name="destination"/>, which must hold <see cref="MaxKeyLength"/> bytes, and returns its length.</summary>
    public int Render(ReadOnlySpan<byte> date, ReadOnlySpan<byte> path, Span<byte> destination)
    {
        var headLength = RenderHead(date, destination);
        return headLength + RenderFromPath(date, path, destination[headLength..]);
    }

    /// <summary>The longest head <see cref="RenderHead"/> writes: the key up to its first <c>{path}</c>, for a date of the usual length.</summary>
    public int HeadLength
    {
        get
        {
            var length = 0;
            foreach (var part in _parts.AsSpan(0, _firstPath))
            {
                length += part.Literal?.Length ?? Parsing.ApacheTimestamp.DateLength;
            }

            return length;
        }
    }

    /// <summary>True when the key ends with its only <c>{path}</c>, as the default does: the head and the path make the whole key.</summary>
    public bool EndsWithOnlyPath => _firstPath == _parts.Length - 1;

    /// <summary>Writes the key up to its first <c>{path}</c>, which depends on the date alone; returns its length.</summary>
    public int RenderHead(ReadOnlySpan<byte> date, Span<byte> destination) => RenderParts(_parts.AsSpan(0, _firstPath), date, default, destination);

    /// <summary>Writes the key from its first <c>{path}</c> to its end; returns its length.</summary>
    public int RenderFromPath(ReadOnlySpan<byte> date, ReadOnlySpan<byte> path, Span<byte> destination) =>
        RenderParts(_parts.AsSpan(_firstPath), date, path, destination);

    private static int RenderParts(ReadOnlySpan<Part> parts, ReadOnlySpan<byte> date, ReadOnlySpan<byte> path, Span<byte> destination)
    {
        var length = 0;
        foreach (var part in parts)
        {
            var source = part.Kind switch
            {
                PartKind.Date => date,
                PartKind.Path => path,
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
    }

    private readonly record struct Part(PartKind Kind, byte[]? Literal);
}
