using System.IO.Hashing;

namespace LogPipe.Counting;

/// <summary>The seeded 64-bit hash <see cref="CountTable"/> files keys under.</summary>
internal static class KeyHash
{
    // Paths come from the internet: a per-process random seed keeps crafted paths from colliding on purpose.
    // Random.Shared is seeded from the OS, as the runtime's own string-hash seed is, without loading OpenSSL.
    private static readonly long s_seed = Random.Shared.NextInt64(long.MinValue, long.MaxValue);

    public static ulong Of(ReadOnlySpan<byte> key) => XxHash3.HashToUInt64(key, s_seed);
}
