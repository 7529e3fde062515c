using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;

namespace LogPipe.Filtering;

/// <summary>
/// Static files (<c>--asset-extensions</c>): a path whose last segment ends in one of the extensions, in any case, is
/// an asset, not a page. Extensions of up to eight bytes are held as one lower-cased word each in a small hash set, so
/// a line costs two backward searches, a word and one or two compares.
/// </summary>
internal sealed class AssetFilter
{
    public const string Default = "css js mjs map png jpg jpeg gif webp avif svg ico bmp tif tiff woff woff2 ttf otf eot mp4 webm mp3 ogg wav flac pdf zip gz tgz 7z rar txt xml";

    /// <summary>The longest extension that can be listed.</summary>
    public const int MaxExtensionLength = sizeof(ulong);

    // At most a quarter full, so a probe rarely goes past its first slot.
    private readonly ulong[] _slots;
    private readonly int _shift;

    private AssetFilter(IReadOnlyCollection<ulong> words)
    {
        var size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, words.Count * 4));
        _slots = new ulong[size];
        _shift = 64 - BitOperations.Log2((uint)size);
        foreach (var word in words)
        {
            var slot = SlotOf(word);
            while (_slots[slot] != 0 && _slots[slot] != word)
            {
                slot = (slot + 1) & (_slots.Length - 1);
            }

            _slots[slot] = word;
        }
    }

    /// <summary>No extension is an asset: every path may be a page.</summary>
    public static AssetFilter None { get; } = new([]);

    /// <summary>
    /// Parses extensions separated by spaces or commas, with or without their dot (<c>css js .png</c>); an empty text
    /// means none.
    /// </summary>
    public static bool TryParse(string text, out AssetFilter? filter, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        filter = null;
        var words = new HashSet<ulong>();
        foreach (var item in text.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var extension = item.StartsWith('.') ? item[1..] : item;
            var bytes = Encoding.ASCII.GetBytes(extension.ToLowerInvariant());
            if (bytes.Length is 0 or > MaxExtensionLength || !IsExtension(extension))
            {
                error = $"'{item}' is not a file extension of 1 to {MaxExtensionLength} letters, digits, '-' or '_'";
                return false;
            }

            words.Add(Word(bytes));
        }

        filter = new AssetFilter(words);
        error = null;
        return true;
    }

    /// <summary>True when the last segment of <paramref name="path"/> (a path without its query) has a listed extension.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Matches(ReadOnlySpan<byte> path)
    {
        var dot = path.LastIndexOfAny((byte)'.', (byte)'/');
        var length = path.Length - dot - 1;
        if (dot < 0 || path[dot] != '.' || length is 0 or > MaxExtensionLength)
        {
            return false;
        }

        var word = LowerWord(path[(dot + 1)..]);
        var slot = SlotOf(word);
        while (true)
        {
            var held = _slots[slot];
            if (held == word)
            {
                return true;
            }

            if (held == 0)
            {
                return false;
            }

            slot = (slot + 1) & (_slots.Length - 1);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int SlotOf(ulong word) => (int)((word * 0x9E3779B97F4A7C15UL) >> _shift);

    // Up to eight bytes, first byte lowest, ASCII letters lower-cased. Apache escapes control bytes in the request line,
    // so a zero byte cannot end an extension and make two of them one word.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong LowerWord(ReadOnlySpan<byte> extension)
    {
        ulong word = 0;
        for (var i = 0; i < extension.Length; i++)
        {
            var b = extension[i];
            word |= (ulong)(b is >= (byte)'A' and <= (byte)'Z' ? b | 0x20 : b) << (8 * i);
        }

        return word;
    }

    private static ulong Word(byte[] bytes) => LowerWord(bytes);

    private static bool IsExtension(string text)
    {
        foreach (var c in text)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                return false;
            }
        }

        return true;
    }
}
