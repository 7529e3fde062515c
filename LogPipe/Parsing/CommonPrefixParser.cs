using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using static LogPipe.Parsing.LogSyntax;

namespace LogPipe.Parsing;

/// <summary>
/// The fast path of <see cref="AccessLogParser.TryParseRequired"/> for formats that open like Apache's common and
/// combined: a few space-separated fields, then <c>%t "%r" %&gt;s</c>. It reads the required fields of a line in one
/// short forward pass, and accepts a line only when its shape leaves no doubt, so that what it returns is exactly what
/// the general walk returns. Anything unusual (escapes or spaces in the request, HTTP/0.9, a cut-off line, a bracket
/// in a user name) is declined and left to the general walk.
/// </summary>
internal sealed class CommonPrefixParser
{
    // "HTTP/1.1", "HTTP/2.0"
    private const int ProtocolLength = 8;
    private const int TimeLength = ApacheTimestamp.TimestampLength;
    private const int StatusLength = 3;

    // "GET " read as a little-endian word.
    private const uint GetAndSpace = 'G' | ('E' << 8) | ('T' << 16) | ((uint)' ' << 24);

    private readonly int _fieldsBeforeTime;

    private CommonPrefixParser(int fieldsBeforeTime) => _fieldsBeforeTime = fieldsBeforeTime;

    /// <summary>
    /// The fast path for a format whose fields, in order, are: any number of fields each followed by one space, then
    /// <c>%t</c>, <c>"%r"</c> and a status followed by a space (as in common and combined); null for any other format.
    /// </summary>
    public static CommonPrefixParser? TryCreate(LogFormat format)
    {
        ArgumentNullException.ThrowIfNull(format);
        if (!Vector128.IsHardwareAccelerated)
        {
            return null;
        }

        var elements = format.Elements;
        var i = 0;
        var fieldsBeforeTime = 0;
        while (i + 1 < elements.Length && IsOptionalSpaceEndedField(elements[i]) && IsLiteral(elements[i + 1], " "u8))
        {
            fieldsBeforeTime++;
            i += 2;
        }

        var tail = elements.AsSpan(i);
        return tail.Length >= 6
            && IsField(tail[0], FieldScan.Bracketed, LogField.Time)
            && IsLiteral(tail[1], " \""u8)
            && IsField(tail[2], FieldScan.Quoted, LogField.RequestLine)
            && IsLiteral(tail[3], "\" "u8)
            && IsField(tail[4], FieldScan.UntilTerminator, LogField.Status)
            && tail[5].Literal is [Space, ..]
            ? new CommonPrefixParser(fieldsBeforeTime)
            : null;
    }

    /// <summary>
    /// Fills the required fields of <paramref name="entry"/> (time, request line with method, target and protocol,
    /// status) and returns true when the line has the plain shape; false leaves the line to the general walk.
    /// </summary>
    public bool TryParse(ReadOnlySpan<byte> line, ref LogEntry entry) => TryParse(line, ref entry, out _);

    /// <inheritdoc cref="TryParse(ReadOnlySpan{byte}, ref LogEntry)"/>
    /// <param name="line">The line, without its newline.</param>
    /// <param name="entry">Where the fields go.</param>
    /// <param name="afterStatus">Where the status ends: the end of the line, or the space before the next field.</param>
    public bool TryParse(ReadOnlySpan<byte> line, ref LogEntry entry, out int afterStatus)
    {
        afterStatus = 0;
        var time = FindTime(line);
        var request = time + TimeLength + 2;

        // A method of one byte or more, a space, a target of any length, a space, the protocol, a quote, a space and a
        // status: at least this much must follow.
        if (time < 0 || line.Length - request < 1 + 1 + 1 + ProtocolLength + 2 + StatusLength
            || line[request - 2] != Space || line[request - 1] != Quote
            || !IsPlainTime(line.Slice(time, TimeLength)))
        {
            return false;
        }

        // Nearly every line's method is GET: one 4-byte compare; any other method is searched for.
        var afterRequest = line[request..];
        var methodLength = BinaryPrimitives.ReadUInt32LittleEndian(afterRequest) == GetAndSpace ? 3 : IndexOfDelimiter(afterRequest);
        if (methodLength <= 0 || afterRequest[methodLength] != Space)
        {
            return false;
        }

        var afterMethod = afterRequest[(methodLength + 1)..];
        var targetLength = IndexOfDelimiter(afterMethod);
        if (targetLength < 0 || afterMethod[targetLength] != Space)
        {
            return false;
        }

        var rest = afterMethod[(targetLength + 1)..];
        if (!IsProtocolAndStatus(rest))
        {
            return false;
        }

        entry.Time = line.Slice(time, TimeLength);
        entry.RequestLine = afterRequest[..(methodLength + 1 + targetLength + 1 + ProtocolLength)];
        entry.Method = afterRequest[..methodLength];
        entry.Target = afterMethod[..targetLength];
        entry.Protocol = rest[..ProtocolLength];
        entry.Status = rest.Slice(ProtocolLength + 2, StatusLength);
        afterStatus = line.Length - rest.Length + ProtocolLength + 2 + StatusLength;
        return true;
    }

    // Where the time's '[' is, when it is the first '[' of the line and exactly the expected number of spaces,
    // the last right before it, precede it; else -1. One pass of 16-byte blocks, both questions at once.
    private int FindTime(ReadOnlySpan<byte> line)
    {
        ref var start = ref MemoryMarshal.GetReference(line);
        var spaces = 0;
        for (var offset = 0; offset <= line.Length - Vector128<byte>.Count; offset += Vector128<byte>.Count)
        {
            var block = Vector128.LoadUnsafe(ref start, (nuint)offset);
            var brackets = Vector128.Equals(block, Vector128.Create(OpenBracket)).ExtractMostSignificantBits();
            var blanks = Vector128.Equals(block, Vector128.Create(Space)).ExtractMostSignificantBits();
            if (brackets != 0)
            {
                var at = BitOperations.TrailingZeroCount(brackets);
                spaces += BitOperations.PopCount(blanks & ((1u << at) - 1));
                var time = offset + at;
                var fieldsEndRight = _fieldsBeforeTime == 0 ? time == 0 : time > 0 && line[time - 1] == Space;
                return spaces == _fieldsBeforeTime && fieldsEndRight ? time : -1;
            }

            spaces += BitOperations.PopCount(blanks);
            if (spaces > _fieldsBeforeTime)
            {
                return -1;
            }
        }

        return -1;
    }

    // The first space, quote or backslash: what ends a method or a target, or sends the line to the general walk.
    // Inline 16-byte blocks, the last one overlapping the one before, cost less than a general search on such short runs.
    private static int IndexOfDelimiter(ReadOnlySpan<byte> span)
    {
        ref var start = ref MemoryMarshal.GetReference(span);
        var length = span.Length;
        if (length < Vector128<byte>.Count)
        {
            for (var i = 0; i < length; i++)
            {
                if (IsDelimiter(span[i]))
                {
                    return i;
                }
            }

            return -1;
        }

        var offset = 0;
        while (true)
        {
            var block = Vector128.LoadUnsafe(ref start, (nuint)offset);
            var found = (Vector128.Equals(block, Vector128.Create(Space))
                | Vector128.Equals(block, Vector128.Create(Quote))
                | Vector128.Equals(block, Vector128.Create(Backslash))).ExtractMostSignificantBits();
            if (found != 0)
            {
                return offset + BitOperations.TrailingZeroCount(found);
            }

            if (offset == length - Vector128<byte>.Count)
            {
                return -1;
            }

            offset = Math.Min(offset + Vector128<byte>.Count, length - Vector128<byte>.Count);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsDelimiter(byte value) => value is Space or Quote or Backslash;

    // "HTTP/x.y" then the closing quote, a space and a three-digit status ending the field. Nearly every line has more
    // after the status: then its first 16 bytes are checked against that shape at once, as the clock is.
    private static bool IsProtocolAndStatus(ReadOnlySpan<byte> rest)
    {
        if (rest.Length < Vector128<byte>.Count)
        {
            return rest.Length >= ProtocolLength + 2 + StatusLength
                && rest.StartsWith(AccessLogParser.HttpProtocolPrefix)
                && !IsDelimiter(rest[ProtocolLength - 3]) && !IsDelimiter(rest[ProtocolLength - 2]) && !IsDelimiter(rest[ProtocolLength - 1])
                && rest[ProtocolLength] == Quote && rest[ProtocolLength + 1] == Space
                && IsStatus(rest.Slice(ProtocolLength + 2));
        }

        var block = Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(rest));
        var literals = Vector128.Equals(block, ProtocolAndStatusLiterals);
        var digits = Vector128.LessThanOrEqual(block - Vector128.Create((byte)'0'), Vector128.Create((byte)9));
        var delimiters = Vector128.Equals(block, Vector128.Create(Space))
            | Vector128.Equals(block, Vector128.Create(Quote))
            | Vector128.Equals(block, Vector128.Create(Backslash));
        var valid = (literals & ProtocolAndStatusLiteralLanes) | (digits & StatusDigitLanes) | (~delimiters & ProtocolVersionLanes)
            | ~(ProtocolAndStatusLiteralLanes | StatusDigitLanes | ProtocolVersionLanes);
        return valid == Vector128<byte>.AllBitsSet;
    }

    // HTTP/x.y" 200 : the literal bytes, and the lanes they, the version and the status digits take; lanes 14 and 15 are free.
    private static Vector128<byte> ProtocolAndStatusLiterals =>
        Vector128.Create((byte)'H', (byte)'T', (byte)'T', (byte)'P', (byte)'/', 0, 0, 0, Quote, Space, 0, 0, 0, Space, 0, 0);

    private static Vector128<byte> ProtocolAndStatusLiteralLanes =>
        Vector128.Create(255, 255, 255, 255, 255, 0, 0, 0, 255, 255, 0, 0, 0, 255, 0, (byte)0);

    private static Vector128<byte> ProtocolVersionLanes =>
        Vector128.Create(0, 0, 0, 0, 0, 255, 255, 255, 0, 0, 0, 0, 0, 0, 0, (byte)0);

    private static Vector128<byte> StatusDigitLanes =>
        Vector128.Create(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255, 255, 0, 0, (byte)0);

    // The general walk ends the time at the first ']': the fixed-width time must hold no other one.
    // Whether it is a valid time is ApacheTimestamp's question, as on the general path.
    private static bool IsPlainTime(ReadOnlySpan<byte> time)
    {
        ref var start = ref MemoryMarshal.GetReference(time);
        var brackets = Vector128.Create(CloseBracket);
        return time[TimeLength - 1] == CloseBracket
            && !Vector128.EqualsAny(Vector128.LoadUnsafe(ref start, 1), brackets)
            && !Vector128.EqualsAny(Vector128.LoadUnsafe(ref start, (nuint)(TimeLength - 1 - Vector128<byte>.Count)), brackets);
    }

    // Three digits, then the end of the line or the space before the next field.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsStatus(ReadOnlySpan<byte> field) =>
        field.Length >= StatusLength
        && AccessLogParser.IsStatus(field[..StatusLength])
        && (field.Length == StatusLength || field[StatusLength] == Space);

    private static bool IsField(FormatElement element, FieldScan scan, LogField field) =>
        !element.IsLiteral && element.Scan == scan && element.Field == field;

    private static bool IsOptionalSpaceEndedField(FormatElement element) =>
        !element.IsLiteral && element.Scan == FieldScan.UntilTerminator && element.Terminator == Space
        && element.Field is not (LogField.Time or LogField.RequestLine or LogField.Status);

    private static bool IsLiteral(FormatElement element, ReadOnlySpan<byte> literal) =>
        element.Literal is not null && literal.SequenceEqual(element.Literal);
}
