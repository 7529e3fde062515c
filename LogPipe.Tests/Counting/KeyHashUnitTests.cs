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
}
