using LogPipe.Counting;

namespace LogPipe.Tests.Counting;

public sealed class ShortBytesUnitTests
{
    // Every length through the inline blocks (16 to 64 bytes) and past them on both sides.
    private const int MaxLength = 100;

    [Fact]
    public void Copy_writes_what_CopyTo_writes_and_nothing_beyond()
    {
        var random = new Random(20261129);
        for (var length = 0; length <= MaxLength; length++)
        {
            var source = new byte[length + 3];
            random.NextBytes(source);
            var actual = new byte[MaxLength + 8];
            var expected = new byte[MaxLength + 8];
            Array.Fill(actual, (byte)0xAA);
            Array.Fill(expected, (byte)0xAA);

            // From an odd offset, so that no block is aligned.
            ShortBytes.Copy(source.AsSpan(3), actual.AsSpan(1));
            source.AsSpan(3).CopyTo(expected.AsSpan(1));

            Assert.True(expected.AsSpan().SequenceEqual(actual), $"{length} bytes");
        }
    }

    [Fact]
    public void Equal_answers_as_SequenceEqual_for_any_one_byte_difference()
    {
        var random = new Random(20261129);
        for (var length = 0; length <= MaxLength; length++)
        {
            var left = new byte[length + 1];
            random.NextBytes(left);
            var right = (byte[])left.Clone();
            var a = left.AsSpan(1);

            Assert.True(ShortBytes.Equal(a, right.AsSpan(1)), $"{length} equal bytes");
            Assert.False(ShortBytes.Equal(left, right.AsSpan(1)), $"{length + 1} bytes against {length}");
            for (var i = 1; i <= length; i++)
            {
                right[i] ^= 0x01;
                Assert.False(ShortBytes.Equal(a, right.AsSpan(1)), $"{length} bytes differing at {i - 1}");
                right[i] ^= 0x01;
            }
        }
    }
}
