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
        if (_mask == 0 && !TryNextBlock())
        {
            index = -1;
            return false;
        }

        index = _maskStart + BitOperations.TrailingZeroCount(_mask);
        _mask &= _mask - 1;
        return true;
    }

    // Moves on to the next block that holds a newline. Most blocks of a log line hold none: each of those costs four
    // compares and one test, in a loop that keeps its place in a register; only a block with a newline builds its mask.
    // Four 16-byte compares a block: what the default x86-64-v2 build can do, so the tests run the code that ships.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TryNextBlock()
    {
        ref var data = ref MemoryMarshal.GetReference(_data);
        var newLine = Vector128.Create(NewLine);
        var next = _next;
        while (_data.Length - next >= BlockSize)
        {
            ref var block = ref Unsafe.Add(ref data, next);
            var first = Vector128.Equals(Vector128.LoadUnsafe(ref block), newLine);
            var second = Vector128.Equals(Vector128.LoadUnsafe(ref block, 16), newLine);
            var third = Vector128.Equals(Vector128.LoadUnsafe(ref block, 32), newLine);
            var fourth = Vector128.Equals(Vector128.LoadUnsafe(ref block, 48), newLine);
            if ((first | second | third | fourth).ExtractMostSignificantBits() != 0)
            {
                var mask = first.ExtractMostSignificantBits()
                    | ((ulong)second.ExtractMostSignificantBits() << 16)
                    | ((ulong)third.ExtractMostSignificantBits() << 32)
                    | ((ulong)fourth.ExtractMostSignificantBits() << 48);
                return Found(mask, next, next + BlockSize);
            }

            next += BlockSize;
        }

        var tail = next < _data.Length ? TailMask(_data[next..]) : 0;
        return Found(tail, next, _data.Length);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Found(ulong mask, int maskStart, int next)
    {
        _mask = mask;
        _maskStart = maskStart;
        _next = next;
        return mask != 0;
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
