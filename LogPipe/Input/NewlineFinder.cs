using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace LogPipe.Input;

/// <summary>
/// Finds every newline of a read chunk, in order, 64 bytes at a time: one bit mask per block, then one bit per line.
/// Searching line by line from each line's start paid a search call, its set-up and its unaligned end for every line.
/// </summary>
internal ref struct NewlineFinder
{
    private const byte NewLine = (byte)'\n';
    private const int BlockSize = 64;

    private readonly ReadOnlySpan<byte> _data;

    // The next byte not yet in a mask; where the current mask's bit 0 is; the newlines of that block not yet returned.
    private int _next;
    private int _maskStart;
    private ulong _mask;

    /// <param name="data">The bytes to search.</param>
    /// <param name="start">Where to start: the bytes before it are known to hold no newline.</param>
    public NewlineFinder(ReadOnlySpan<byte> data, int start)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)start, (uint)data.Length, nameof(start));
        _data = data;
        _next = start;
    }

    /// <summary>The index of the next newline; false when there is none left.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryNext(out int index)
    {
        while (_mask == 0)
        {
            var remaining = _data.Length - _next;
            if (remaining == 0)
            {
                index = -1;
                return false;
            }

            _maskStart = _next;
            if (remaining >= BlockSize)
            {
                _mask = BlockMask(ref Unsafe.Add(ref MemoryMarshal.GetReference(_data), _next));
                _next += BlockSize;
            }
            else
            {
                _mask = TailMask(_data[_next..]);
                _next = _data.Length;
            }
        }

        index = _maskStart + BitOperations.TrailingZeroCount(_mask);
        _mask &= _mask - 1;
        return true;
    }

    // Four 16-byte compares: the blocks the default x86-64-v2 build can do, so the tests run the code that ships.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong BlockMask(ref byte block)
    {
        var newLine = Vector128.Create(NewLine);
        return Vector128.Equals(Vector128.LoadUnsafe(ref block), newLine).ExtractMostSignificantBits()
            | ((ulong)Vector128.Equals(Vector128.LoadUnsafe(ref block, 16), newLine).ExtractMostSignificantBits() << 16)
            | ((ulong)Vector128.Equals(Vector128.LoadUnsafe(ref block, 32), newLine).ExtractMostSignificantBits() << 32)
            | ((ulong)Vector128.Equals(Vector128.LoadUnsafe(ref block, 48), newLine).ExtractMostSignificantBits() << 48);
    }

    // The last, short block: once per chunk, so plainly.
    private static ulong TailMask(ReadOnlySpan<byte> tail)
    {
        ulong mask = 0;
        for (var i = 0; i < tail.Length; i++)
        {
            if (tail[i] == NewLine)
            {
                mask |= 1UL << i;
            }
        }

        return mask;
    }
}
