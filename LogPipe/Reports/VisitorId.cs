using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.CompilerServices;

namespace LogPipe.Reports;

/// <summary>
/// A visitor as GoAccess counts one, its client address with its user agent, as the 8 bytes the visitors
/// HyperLogLog is given: a fixed hash, the same in every process, so that workers and LogPipes writing one Redis agree.
/// Not keyed: a request can choose its element anyway, by its user agent.
/// </summary>
internal static class VisitorId
{
    public const int Length = sizeof(ulong);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Write(ReadOnlySpan<byte> client, ReadOnlySpan<byte> userAgent, Span<byte> destination)
    {
        var hash = XxHash3.HashToUInt64(userAgent, unchecked((long)XxHash3.HashToUInt64(client)));
        BinaryPrimitives.WriteUInt64LittleEndian(destination, hash);
    }
}
