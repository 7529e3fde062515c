using System.IO.Hashing;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace LogPipe.Counting;

/// <summary>
/// The seeded 64-bit hash <see cref="CountTable"/> files keys under. Keys up to <see cref="NhKeyBytes"/> bytes (nearly
/// all) take NH, the universal hash of UMAC: a 32-by-32-bit multiply per 8 bytes of key (two at once in a vector),
/// keyed with per-process random words, then a 64-bit finaliser. XxHash3 needs a 128-bit multiply for such keys, which
/// an x86-64-v2 build does in software; NH is about as fast as reading the bytes, and for a secret key two different
/// keys of one length collide with probability at most 2^-32, so paths crafted to collide need the key, not the code.
/// </summary>
internal static class KeyHash
{
    /// <summary>Longest key NH covers; longer keys (rare: the key holds the path) take XxHash3.</summary>
    public const int NhKeyBytes = 256;

    // Lanes (1, 0, 3, 2): each 32-bit sum moved next to the one it is multiplied by.
    private const byte OddLanesToEven = 0b10_11_00_01;

    // Paths come from the internet: per-process random key material keeps crafted paths from colliding on purpose.
    // Random.Shared is seeded from the OS, as the runtime's own string-hash seed is, without loading OpenSSL.
    private static readonly uint[] s_nhKey = NewNhKey();
    private static readonly long s_seed = Random.Shared.NextInt64(long.MinValue, long.MaxValue);

    /// <summary>
    /// This process's key material and seed, for <see cref="Of"/>. A hot path keeps them in fields of its own: each read
    /// of these statics costs a check that the class is initialised.
    /// </summary>
    public static (uint[] Material, long Seed) Secret => (s_nhKey, s_seed);

    /// <summary>The hash of <paramref name="key"/> under the given key material: <see cref="NhKeyBytes"/> / 4 words and a seed.</summary>
    internal static ulong Of(ReadOnlySpan<byte> key, uint[] nhKey, long seed)
    {
        var length = key.Length;
        if (length > NhKeyBytes)
        {
            return XxHash3.HashToUInt64(key, seed);
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(nhKey.Length, NhKeyBytes / sizeof(uint));
        ref var bytes = ref MemoryMarshal.GetReference(key);
        ref var words = ref MemoryMarshal.GetArrayDataReference(nhKey);
        ulong sum = 0;
        var i = 0;
        if (Sse2.IsSupported)
        {
            // Two NH steps per 16 bytes: the four 32-bit sums, and one multiply of the even lanes by the odd ones.
            var products = Vector128<ulong>.Zero;
            for (; i + Vector128<byte>.Count <= length; i += Vector128<byte>.Count)
            {
                var sums = Vector128.LoadUnsafe(ref Unsafe.Add(ref bytes, i)).AsUInt32()
                    + Vector128.LoadUnsafe(ref words);
                products += Sse2.Multiply(sums, Sse2.Shuffle(sums, OddLanesToEven));
                words = ref Unsafe.Add(ref words, Vector128<uint>.Count);
            }

            sum = products.GetElement(0) + products.GetElement(1);
        }

        for (; i + sizeof(ulong) <= length; i += sizeof(ulong))
        {
            sum += Nh(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref bytes, i)), ref words);
            words = ref Unsafe.Add(ref words, 2);
        }

        if (i < length)
        {
            sum += Nh(ReadTail(ref Unsafe.Add(ref bytes, i), length - i, length >= sizeof(ulong)), ref words);
        }

        // Zero padding makes a key and the same key with trailing zero bytes NH alike: the length tells them apart.
        return Finalise(sum ^ ((ulong)length * 0x9E3779B97F4A7C15UL) ^ (ulong)seed);
    }

    // One NH step: two 32-bit words of key plus key material, multiplied into 64 bits.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Nh(ulong eightBytes, ref uint words) =>
        (ulong)((uint)eightBytes + words) * ((uint)(eightBytes >> 32) + Unsafe.Add(ref words, 1));

    // The last 1 to 7 bytes, zero-padded. When the key is 8 bytes or more, one read ending at its last byte, shifted.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong ReadTail(ref byte start, int count, bool eightBytesBefore)
    {
        if (eightBytesBefore)
        {
            return Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, count - sizeof(ulong))) >> ((sizeof(ulong) - count) * 8);
        }

        ulong tail = 0;
        for (var i = 0; i < count; i++)
        {
            tail |= (ulong)Unsafe.Add(ref start, i) << (i * 8);
        }

        return tail;
    }

    // MurmurHash3's fmix64: every input bit moves every output bit, so the table's top bits are as good as any.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Finalise(ulong value)
    {
        value ^= value >> 33;
        value *= 0xFF51AFD7ED558CCDUL;
        value ^= value >> 33;
        value *= 0xC4CEB9FE1A85EC53UL;
        return value ^ (value >> 33);
    }

    private static uint[] NewNhKey()
    {
        var key = new uint[NhKeyBytes / sizeof(uint)];
        Random.Shared.NextBytes(MemoryMarshal.AsBytes(key.AsSpan()));
        return key;
    }
}
