using System.Buffers.Binary;
using System.Runtime.Intrinsics;
using LogPipe.Counting;

namespace LogPipe.Tests.Counting;

public sealed class KeyHashUnitTests
{
    [Fact]
    public void A_key_hashes_by_its_own_bytes_whatever_lies_before_or_after_it_and_at_any_alignment()
    {
        // The count table hashes keys in place, inside a chunk of the log or the table's arena, and the hash reads whole
        // words and vectors: a read past the key's end, or a tail shifted the wrong way, would mix in its neighbours.
        var random = new Random(17);
        for (var length = 0; length <= KeyHash.NhKeyBytes + 20; length++)
        {
            var key = new byte[length];
            random.NextBytes(key);
            var alone = Hash(key);
            for (var offset = 0; offset < 2 * Vector128<byte>.Count; offset++)
            {
                var buffer = new byte[offset + length + (2 * Vector128<byte>.Count)];
                random.NextBytes(buffer);
                key.CopyTo(buffer, offset);

                Assert.True(Hash(buffer.AsSpan(offset, length)) == alone, $"a {length}-byte key at offset {offset} hashed otherwise than alone");
            }
        }
    }

    [Fact]
    public void Keys_differing_in_one_byte_or_in_length_hash_apart()
    {
        Assert.NotEqual(Hash("/a/1"u8), Hash("/a/2"u8));
        Assert.NotEqual(Hash("/a"u8), Hash("/a/"u8));
    }

    [Fact]
    public void Changing_any_byte_of_a_key_of_any_length_changes_its_hash()
    {
        // Every length through the 8-byte steps, the tails and past the NH limit to XxHash3.
        for (var length = 1; length <= KeyHash.NhKeyBytes + 20; length++)
        {
            var key = new byte[length];
            for (var i = 0; i < length; i++)
            {
                key[i] = (byte)('a' + (i % 26));
            }

            var original = Hash(key);
            Assert.Equal(original, Hash(key));
            for (var i = 0; i < length; i++)
            {
                key[i] ^= 0x20;
                Assert.True(Hash(key) != original, $"flipping byte {i} of a {length}-byte key kept the hash");
                key[i] ^= 0x20;
            }
        }
    }

    [Fact]
    public void A_trailing_zero_byte_changes_the_hash()
    {
        Assert.NotEqual(Hash("/a"u8), Hash("/a\0"u8));
        Assert.NotEqual(Hash("12345678"u8), Hash("12345678\0"u8));
        Assert.NotEqual(Hash([]), Hash([0]));
    }

    [Fact]
    public void Similar_keys_spread_evenly_over_the_top_bits_the_table_uses()
    {
        const int Keys = 65_536;
        const int Buckets = 1024;
        var counts = new int[Buckets];
        for (var i = 0; i < Keys; i++)
        {
            counts[Hash(System.Text.Encoding.ASCII.GetBytes($"hits:2026-11-29:/articles/{i}")) >> 54]++;
        }

        // 64 a bucket on average, a standard deviation of 8: 64 +- 40 is five deviations.
        Assert.InRange(counts.Min(), 24, 64);
        Assert.InRange(counts.Max(), 64, 104);
    }

    [Fact]
    public void Keys_up_to_the_nh_limit_hash_to_nh_as_defined_word_by_word()
    {
        var random = new Random(29);
        var material = new uint[KeyHash.NhKeyBytes / sizeof(uint)];
        var key = new byte[KeyHash.NhKeyBytes];
        for (var round = 0; round < 3; round++)
        {
            // Random material and bytes, then all ones: the largest products, and sums that wrap.
            for (var i = 0; i < material.Length; i++)
            {
                material[i] = round < 2 ? (uint)random.NextInt64(0, 1L << 32) : uint.MaxValue;
            }

            if (round < 2)
            {
                random.NextBytes(key);
            }
            else
            {
                key.AsSpan().Fill(0xFF);
            }

            var seed = random.NextInt64();
            for (var length = 0; length <= KeyHash.NhKeyBytes; length++)
            {
                Assert.True(
                    NhByDefinition(key.AsSpan(0, length), material, seed) == KeyHash.Of(key.AsSpan(0, length), material, seed),
                    $"round {round}: the {length}-byte key hashed otherwise than NH defines");
            }
        }
    }

    // UMAC's NH over 8-byte words, the last one zero-padded: each word's two halves plus two words of key material,
    // multiplied; the sum mixed with the length and the seed, then MurmurHash3's fmix64.
    private static ulong NhByDefinition(ReadOnlySpan<byte> key, uint[] material, long seed)
    {
        ulong sum = 0;
        var word = new byte[sizeof(ulong)];
        for (var start = 0; start < key.Length; start += sizeof(ulong))
        {
            Array.Clear(word);
            key[start..Math.Min(start + sizeof(ulong), key.Length)].CopyTo(word);
            var low = BinaryPrimitives.ReadUInt32LittleEndian(word) + material[start / sizeof(uint)];
            var high = BinaryPrimitives.ReadUInt32LittleEndian(word.AsSpan(sizeof(uint))) + material[(start / sizeof(uint)) + 1];
            sum += (ulong)low * high;
        }

        var hash = sum ^ ((ulong)key.Length * 0x9E3779B97F4A7C15UL) ^ (ulong)seed;
        hash ^= hash >> 33;
        hash *= 0xFF51AFD7ED558CCDUL;
        hash ^= hash >> 33;
        hash *= 0xC4CEB9FE1A85EC53UL;
        return hash ^ (hash >> 33);
    }

    // The hash under this process's secret, as the count table takes it.
    private static ulong Hash(ReadOnlySpan<byte> key)
    {
        var (material, seed) = KeyHash.Secret;
        return KeyHash.Of(key, material, seed);
    }
}
