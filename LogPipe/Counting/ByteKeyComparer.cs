using System.IO.Hashing;
using System.Security.Cryptography;

namespace LogPipe.Counting;

/// <summary>
/// Compares byte-array keys by content and lets a dictionary be probed with a span, so a lookup needs no key allocation.
/// </summary>
internal sealed class ByteKeyComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
{
    // Paths come from the internet: a per-process random seed keeps crafted paths from colliding on purpose.
    private static readonly long s_seed = BitConverter.ToInt64(RandomNumberGenerator.GetBytes(sizeof(long)));

    public static ByteKeyComparer Instance { get; } = new();

    public bool Equals(byte[]? x, byte[]? y) => ReferenceEquals(x, y) || (x is not null && y is not null && x.AsSpan().SequenceEqual(y));

    public int GetHashCode(byte[] obj) => Hash(obj);

    public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

    public int GetHashCode(ReadOnlySpan<byte> alternate) => Hash(alternate);

    public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();

    /// <summary>The 64-bit seeded hash behind <see cref="GetHashCode(byte[])"/>, for tables that use more bits.</summary>
    public static ulong Hash64(ReadOnlySpan<byte> key) => XxHash3.HashToUInt64(key, s_seed);

    private static int Hash(ReadOnlySpan<byte> key) => (int)Hash64(key);
}
