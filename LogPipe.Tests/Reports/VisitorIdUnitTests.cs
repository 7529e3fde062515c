using LogPipe.Reports;

namespace LogPipe.Tests.Reports;

public sealed class VisitorIdUnitTests
{
    // Every process, and every LogPipe writing one Redis, must give a visitor the same element: a fixed value.
    [Fact]
    public void A_visitor_is_the_same_element_in_every_process()
    {
        var id = new byte[VisitorId.Length];

        VisitorId.Write("192.0.2.1"u8, "Mozilla/5.0"u8, id);

        Assert.Equal("0x" + Convert.ToHexString(id), "0x" + Convert.ToHexString(Expected("192.0.2.1"u8, "Mozilla/5.0"u8)));
    }

    [Fact]
    public void Address_and_user_agent_both_make_the_visitor()
    {
        var a = new byte[VisitorId.Length];
        var b = new byte[VisitorId.Length];
        var c = new byte[VisitorId.Length];

        VisitorId.Write("192.0.2.1"u8, "Mozilla/5.0"u8, a);
        VisitorId.Write("192.0.2.2"u8, "Mozilla/5.0"u8, b);
        VisitorId.Write("192.0.2.1"u8, "Mozilla/5.1"u8, c);

        Assert.NotEqual(a, b);
        Assert.NotEqual(a, c);
    }

    // XXH3-64 of the user agent, seeded with XXH3-64 of the address, little-endian: the documented construction.
    private static byte[] Expected(ReadOnlySpan<byte> client, ReadOnlySpan<byte> userAgent)
    {
        var seed = unchecked((long)System.IO.Hashing.XxHash3.HashToUInt64(client));
        return BitConverter.GetBytes(System.IO.Hashing.XxHash3.HashToUInt64(userAgent, seed));
    }
}
