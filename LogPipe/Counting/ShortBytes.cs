using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace LogPipe.Counting;

/// <summary>
/// Copy and comparison of the few dozen bytes a key or a path holds, inline: for 16 to 64 bytes, up to four 16-byte
/// blocks, the last one ending at the last byte. A general <c>CopyTo</c> or <c>SequenceEqual</c> is a call that first
/// sorts out the length, which on every line cost more than the bytes themselves.
/// </summary>
internal static class ShortBytes
{
    private const int Block = 16;

    /// <summary>Copies <paramref name="source"/> to the start of <paramref name="destination"/>, as <c>CopyTo</c> does.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Copy(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        var length = source.Length;
        if (length < Block || length > 4 * Block || destination.Length < length)
        {
            source.CopyTo(destination);
            return;
        }

        ref var from = ref MemoryMarshal.GetReference(source);
        ref var to = ref MemoryMarshal.GetReference(destination);
        var last = (nuint)(length - Block);
        var tail = Vector128.LoadUnsafe(ref from, last);
        Vector128.LoadUnsafe(ref from).StoreUnsafe(ref to);
        if (length > 2 * Block)
        {
            Vector128.LoadUnsafe(ref from, Block).StoreUnsafe(ref to, Block);
            if (length > 3 * Block)
            {
                Vector128.LoadUnsafe(ref from, 2 * Block).StoreUnsafe(ref to, 2 * Block);
            }
        }

        tail.StoreUnsafe(ref to, last);
    }

    /// <summary>Whether the two spans hold the same bytes, as <c>SequenceEqual</c> answers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Equal(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        var length = left.Length;
        if (length != right.Length)
        {
            return false;
        }

        ref var a = ref MemoryMarshal.GetReference(left);
        ref var b = ref MemoryMarshal.GetReference(right);
        if (length < Block || length > 4 * Block)
        {
            return left.SequenceEqual(right);
        }

        var last = (nuint)(length - Block);
        var differ = (Vector128.LoadUnsafe(ref a) ^ Vector128.LoadUnsafe(ref b))
            | (Vector128.LoadUnsafe(ref a, last) ^ Vector128.LoadUnsafe(ref b, last));
        if (length > 2 * Block)
        {
            differ |= Vector128.LoadUnsafe(ref a, Block) ^ Vector128.LoadUnsafe(ref b, Block);
            if (length > 3 * Block)
            {
                differ |= Vector128.LoadUnsafe(ref a, 2 * Block) ^ Vector128.LoadUnsafe(ref b, 2 * Block);
            }
        }

        return differ == Vector128<byte>.Zero;
    }
}
