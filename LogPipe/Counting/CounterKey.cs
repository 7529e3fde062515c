using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using LogPipe.Parsing;

namespace LogPipe.Counting;

/// <summary>
/// The structured key counts are aggregated on between flushes, as bytes: which counter, the line's day, its virtual
/// host, and the member counted (a path, say). Redis keys are rendered from it only at flush time, once per distinct
/// key, so a line costs a few copies whatever the key template, and every kind of counter shares one table.
/// Layout: <c>[counter id: 1][yyyy-MM-dd: 10][host length: 1][host][member]</c>.
/// </summary>
internal static class CounterKey
{
    /// <summary>Hosts are server names (<c>%v</c>); a longer one is cut to this many bytes.</summary>
    public const int MaxHostLength = byte.MaxValue;

    private const int DateOffset = 1;
    private const int HostLengthOffset = DateOffset + ApacheTimestamp.DateLength;
    private const int HostOffset = HostLengthOffset + 1;

    /// <summary>The member that stands for every member past a limit: the per-day cap, the path length, the pending keys.</summary>
    public static ReadOnlySpan<byte> Overflow => "(other)"u8;

    /// <summary>The longest key for members of <paramref name="maxMemberLength"/> bytes at most.</summary>
    public static int MaxLength(int maxMemberLength) => HostOffset + MaxHostLength + maxMemberLength;

    /// <summary>Writes the key into <paramref name="destination"/> (<see cref="MaxLength"/> bytes) and returns its length.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Write(byte counter, ReadOnlySpan<byte> date, ReadOnlySpan<byte> host, ReadOnlySpan<byte> member, Span<byte> destination)
    {
        // The date is validated by DayReader: always ten bytes, copied as two words.
        destination[0] = counter;
        MemoryMarshal.Write(destination[DateOffset..], MemoryMarshal.Read<ulong>(date));
        MemoryMarshal.Write(destination[(DateOffset + sizeof(ulong))..], MemoryMarshal.Read<ushort>(date[sizeof(ulong)..]));
        if (host.Length > MaxHostLength)
        {
            host = host[..MaxHostLength];
        }

        destination[HostLengthOffset] = (byte)host.Length;
        ShortBytes.Copy(host, destination[HostOffset..]);
        ShortBytes.Copy(member, destination[(HostOffset + host.Length)..]);
        return HostOffset + host.Length + member.Length;
    }

    /// <summary>The key with its member replaced by <see cref="Overflow"/>; returns its length.</summary>
    public static int WriteOverflow(ReadOnlySpan<byte> key, Span<byte> destination)
    {
        var header = Header(key);
        header.CopyTo(destination);
        Overflow.CopyTo(destination[header.Length..]);
        return header.Length + Overflow.Length;
    }

    public static byte Counter(ReadOnlySpan<byte> key) => key[0];

    public static ReadOnlySpan<byte> Date(ReadOnlySpan<byte> key) => key.Slice(DateOffset, ApacheTimestamp.DateLength);

    public static ReadOnlySpan<byte> Host(ReadOnlySpan<byte> key) => key.Slice(HostOffset, key[HostLengthOffset]);

    public static ReadOnlySpan<byte> Member(ReadOnlySpan<byte> key) => key[(HostOffset + key[HostLengthOffset])..];

    /// <summary>Counter, day and host: what the keys of one per-day cap share.</summary>
    public static ReadOnlySpan<byte> Header(ReadOnlySpan<byte> key) => key[..(HostOffset + key[HostLengthOffset])];

    public static bool IsOverflow(ReadOnlySpan<byte> key) => Member(key).SequenceEqual(Overflow);
}
