using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace LogPipe.Filtering;

/// <summary>Which request methods count (<c>--methods</c>). Exact, case-sensitive match, as HTTP methods are.</summary>
internal sealed class MethodFilter
{
    // Every standard method has at most eight bytes: those are kept as one word each, so that a line's method is
    // matched with a compare or two. A byte-wise comparison per method cost a call, its set-up and a loop on every line.
    private const int MaxWordLength = sizeof(ulong);

    private readonly ShortMethod[] _shortMethods;
    private readonly byte[][] _longMethods;

    public MethodFilter(IReadOnlyCollection<string> methods)
    {
        ArgumentNullException.ThrowIfNull(methods);
        if (methods.Count == 0)
        {
            throw new ArgumentException("at least one method is required", nameof(methods));
        }

        var shortMethods = new List<ShortMethod>();
        var longMethods = new List<byte[]>();
        foreach (var method in methods)
        {
            var bytes = Encoding.ASCII.GetBytes(method);
            if (bytes.Length <= MaxWordLength)
            {
                shortMethods.Add(new ShortMethod(Word(bytes), bytes.Length));
            }
            else
            {
                longMethods.Add(bytes);
            }
        }

        _shortMethods = [.. shortMethods];
        _longMethods = [.. longMethods];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Matches(ReadOnlySpan<byte> method)
    {
        // A handful of methods at most: a linear scan beats any hashing.
        if (method.Length <= MaxWordLength)
        {
            var word = Word(method);
            foreach (var candidate in _shortMethods)
            {
                if (candidate.Word == word && candidate.Length == method.Length)
                {
                    return true;
                }
            }

            return false;
        }

        foreach (var candidate in _longMethods)
        {
            if (method.SequenceEqual(candidate))
            {
                return true;
            }
        }

        return false;
    }

    // At most eight bytes as one word that differs for any two spans of the same length with different bytes: the first
    // and the last four bytes (overlapping below eight), or for one to three bytes the first, the middle and the last.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Word(ReadOnlySpan<byte> bytes)
    {
        ref var start = ref MemoryMarshal.GetReference(bytes);
        var length = bytes.Length;
        if (length >= sizeof(uint))
        {
            return Unsafe.ReadUnaligned<uint>(ref start)
                | ((ulong)Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref start, length - sizeof(uint))) << 32);
        }

        return length == 0
            ? 0
            : start | ((ulong)Unsafe.Add(ref start, length >> 1) << 8) | ((ulong)Unsafe.Add(ref start, length - 1) << 16);
    }

    private readonly record struct ShortMethod(ulong Word, int Length);
}
