using LogPipe.Counting;

namespace LogPipe.Tests.Counting;

public sealed class ByteKeyComparerUnitTests
{
    private static readonly ByteKeyComparer s_comparer = ByteKeyComparer.Instance;

    [Fact]
    public void Arrays_with_the_same_content_are_equal_and_hash_alike()
    {
        byte[] a = [1, 2, 3];
        byte[] b = [1, 2, 3];

        Assert.True(s_comparer.Equals(a, b));
        Assert.Equal(s_comparer.GetHashCode(a), s_comparer.GetHashCode(b));
    }

    [Fact]
    public void Arrays_with_different_content_are_not_equal()
    {
        byte[] key = [1, 2, 3];
        byte[] otherLastByte = [1, 2, 4];
        byte[] prefix = [1, 2];
        byte[]? none = null;

        Assert.False(s_comparer.Equals(key, otherLastByte));
        Assert.False(s_comparer.Equals(key, prefix));
        Assert.False(s_comparer.Equals(key, none));
        Assert.False(s_comparer.Equals(prefix.AsSpan(), key));
        Assert.True(s_comparer.Equals(none, none));
    }

    [Fact]
    public void Span_and_array_with_the_same_content_are_equal_and_hash_alike()
    {
        byte[] array = [0x2F, 0x61, 0xFF];
        ReadOnlySpan<byte> span = [0x2F, 0x61, 0xFF];

        Assert.True(s_comparer.Equals(span, array));
        Assert.Equal(s_comparer.GetHashCode(array), s_comparer.GetHashCode(span));
    }

    [Fact]
    public void Create_copies_the_span_into_a_new_key()
    {
        Span<byte> span = [7, 8, 9];

        var key = s_comparer.Create(span);
        span[0] = 0;

        Assert.Equal([7, 8, 9], key);
    }
}
