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

    private KeyTemplate(string text, Part[] parts, int literalLength)
    {
        Text = text;
        _parts = parts;
        LiteralLength = literalLength;
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
        var length = 0;
        foreach (var part in _parts)
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
