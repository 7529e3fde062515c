using LogPipe.Counting;

namespace LogPipe.Tests.Counting;

public sealed class KeyHashUnitTests
{
    [Fact]
    public void Keys_with_the_same_bytes_hash_alike_whatever_holds_them()
    {
        byte[] array = [0x2F, 0x61, 0xFF];
        ReadOnlySpan<byte> span = [0x2F, 0x61, 0xFF];

        Assert.Equal(KeyHash.Of(array), KeyHash.Of(span));
    }

    [Fact]
    public void Keys_differing_in_one_byte_or_in_length_hash_apart()
    {
        Assert.NotEqual(KeyHash.Of("/a/1"u8), KeyHash.Of("/a/2"u8));
        Assert.NotEqual(KeyHash.Of("/a"u8), KeyHash.Of("/a/"u8));
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

            var original = KeyHash.Of(key);
            Assert.Equal(original, KeyHash.Of(key));
            for (var i = 0; i < length; i++)
            {
                key[i] ^= 0x20;
                Assert.True(KeyHash.Of(key) != original, $"flipping byte {i} of a {length}-byte key kept the hash");
                key[i] ^= 0x20;
            }
        }
    }

    [Fact]
    public void A_trailing_zero_byte_changes_the_hash()
    {
        Assert.NotEqual(KeyHash.Of("/a"u8), KeyHash.Of("/a\0"u8));
        Assert.NotEqual(KeyHash.Of("12345678"u8), KeyHash.Of("12345678\0"u8));
        Assert.NotEqual(KeyHash.Of([]), KeyHash.Of([0]));
    }

    [Fact]
    public void Similar_keys_spread_evenly_over_the_top_bits_the_table_uses()
    {
        const int Keys = 65_536;
        const int Buckets = 1024;
        var counts = new int[Buckets];
        for (var i = 0; i < Keys; i++)
        {
            counts[KeyHash.Of(System.Text.Encoding.ASCII.GetBytes($"hits:2026-11-29:/articles/{i}")) >> 54]++;
        }

        // 64 a bucket on average, a standard deviation of 8: 64 +- 40 is five deviations.
        Assert.InRange(counts.Min(), 24, 64);
        Assert.InRange(counts.Max(), 64, 104);
    }
}
