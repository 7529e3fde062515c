using System.Buffers;
using System.Runtime.CompilerServices;
using static LogPipe.Parsing.LogSyntax;

namespace LogPipe.Parsing;

/// <summary>
/// Splits one access-log line into <see cref="LogEntry"/> fields by walking a compiled <see cref="LogFormat"/>.
/// Works on bytes, allocates nothing, and never throws for bad input: a bad line is <c>false</c>.
/// </summary>
internal sealed class AccessLogParser
{
    // Apache escapes '"' and '\' inside quoted fields as \" and \\ (ap_escape_logitem),
    // so a quoted field ends at the first quote not consumed by a backslash pair.
    private static readonly SearchValues<byte> s_quoteOrBackslash = SearchValues.Create([Quote, Backslash]);

    /// <summary>What a request line's protocol starts with; without it the line is HTTP/0.9 and has none.</summary>
    internal static ReadOnlySpan<byte> HttpProtocolPrefix => "HTTP/"u8;

    private readonly uint _requiredFields;

    // Fields read where a line has them, without being required: a line that lacks them (no referer, a cut-off user
    // agent) still parses. What the counters need beyond the required fields.
    private readonly uint _wantedFields;

    // The format as the parser walks it: a literal, then one step per field, each with the literal that follows it,
    // so that a line costs one loop iteration per field.
    private readonly byte[] _leadingLiteral;
    private readonly Step[] _steps;

    // Steps up to and including the last one that reads a required or wanted field: what TryParseRequired walks.
    private readonly int _requiredStepCount;

    // The step after the status, where the fast path hands over for the wanted fields after it; -1 when none are wanted there.
    private readonly int _stepAfterStatus = -1;

    // True when what follows the status is combined's " %b \"%{Referer}i\" \"%{User-Agent}i\"": read by a short scan of
    // its own rather than the general walk, which costs a dispatch per field on every line.
    private readonly bool _combinedTail;

    // Null unless the format opens like common and combined do.
    private readonly CommonPrefixParser? _commonPrefix;

    // True when the client address is wanted and is the first field, ended by a space, as in common and combined: the
    // fast path, which does not store the fields before the time, then cuts it off the line's start itself.
    private readonly bool _clientFirst;

    /// <param name="format">The format the lines were written in.</param>
    /// <param name="alsoRequired">
    /// Fields a line must have, besides the format's own required ones, to be accepted; they are read by
    /// <see cref="TryParseRequired"/> too. The format must contain each of them.
    /// </param>
    public AccessLogParser(LogFormat format, params ReadOnlySpan<LogField> alsoRequired)
        : this(format, 0, alsoRequired)
    {
    }

    /// <param name="format">The format the lines were written in.</param>
    /// <param name="wantedFields">
    /// <see cref="LogFormat.FieldBit"/> mask of fields that <see cref="TryParseRequired"/> also reads where a line has
    /// them, without rejecting a line that lacks them. Fields the format does not record are left empty.
    /// </param>
    /// <param name="alsoRequired">As for the other constructor.</param>
    public AccessLogParser(LogFormat format, uint wantedFields, ReadOnlySpan<LogField> alsoRequired)
    {
        ArgumentNullException.ThrowIfNull(format);
        _requiredFields = format.RequiredFields;
        foreach (var field in alsoRequired)
        {
            _requiredFields |= LogFormat.FieldBit(field);
        }

        _wantedFields = wantedFields & ~_requiredFields;

        var leadingLiteral = Array.Empty<byte>();
        var steps = new List<Step>(format.Elements.Length);
        foreach (var element in format.Elements)
        {
            if (element.Literal is null)
            {
                steps.Add(new Step(element.Field, element.Scan, element.Terminator, []));
                if ((LogFormat.FieldBit(element.Field) & (_requiredFields | _wantedFields)) != 0)
                {
                    _requiredStepCount = steps.Count;
                }
            }
            else if (steps.Count == 0)
            {
                leadingLiteral = [.. leadingLiteral, .. element.Literal];
            }
            else
            {
                steps[^1] = steps[^1] with { LiteralAfter = [.. steps[^1].LiteralAfter, .. element.Literal] };
            }
        }

        _leadingLiteral = leadingLiteral;
        _steps = [.. steps];
        // The fast path reads the format's required fields, up to the status; the wanted fields after the status (the
        // referer and user agent of combined) are then walked from there.
        _commonPrefix = _requiredFields == format.RequiredFields ? CommonPrefixParser.TryCreate(format) : null;
        var statusStep = steps.FindIndex(step => step.Field == LogField.Status);
        if (_commonPrefix is not null && _wantedFields != 0)
        {
            _clientFirst = (_wantedFields & LogFormat.FieldBit(LogField.Client)) != 0 && leadingLiteral.Length == 0
                && steps[0] is { Field: LogField.Client, Scan: FieldScan.UntilTerminator, Terminator: Space };
            var wantedBeforeStatus = false;
            for (var i = _clientFirst ? 1 : 0; i < statusStep; i++)
            {
                wantedBeforeStatus |= (LogFormat.FieldBit(steps[i].Field) & _wantedFields) != 0;
            }

            // The fast path does not store the fields before the time (client, user): then the whole line is walked.
            _commonPrefix = wantedBeforeStatus ? null : _commonPrefix;
            _clientFirst &= _commonPrefix is not null;
            _stepAfterStatus = statusStep + 1 < _requiredStepCount ? statusStep + 1 : -1;
            _combinedTail = _stepAfterStatus > 0 && IsCombinedTail(_steps.AsSpan(statusStep));
        }
    }

    // The status followed by " %b \"%{Referer}i\" \"%{User-Agent}i\"" and nothing more.
    private static bool IsCombinedTail(ReadOnlySpan<Step> fromStatus) =>
        fromStatus.Length == 4
        && fromStatus[0].LiteralAfter is [Space]
        && fromStatus[1] is { Field: LogField.Bytes, Scan: FieldScan.UntilTerminator, Terminator: Space }
        && fromStatus[1].LiteralAfter.AsSpan().SequenceEqual(" \""u8)
        && fromStatus[2] is { Field: LogField.Referer, Scan: FieldScan.Quoted }
        && fromStatus[2].LiteralAfter.AsSpan().SequenceEqual("\" \""u8)
        && fromStatus[3] is { Field: LogField.UserAgent, Scan: FieldScan.Quoted }
        && fromStatus[3].LiteralAfter is [Quote];

    /// <summary>
    /// Parses <paramref name="line"/> (without its newline). Succeeds when the time, request line and status
    /// were read intact, even if later fields (referer, user agent) were cut off or malformed.
    /// </summary>
    public bool TryParse(ReadOnlySpan<byte> line, out LogEntry entry) => TryParse(line, _steps.Length, uint.MaxValue, out entry);

    /// <summary>
    /// Same result as <see cref="TryParse(ReadOnlySpan{byte}, out LogEntry)"/>, for a caller that needs only the required
    /// fields: it fills just those (time; request line with method, target and protocol; status) and the wanted ones
    /// where the line has them intact, and stops after the last of them, since what follows cannot change the result.
    /// The other fields are left empty rather than stored or scanned. Plain common and combined lines take
    /// <see cref="CommonPrefixParser"/>.
    /// </summary>
    public bool TryParseRequired(ReadOnlySpan<byte> line, out LogEntry entry)
    {
        if (!TryParseRequiredFirst(line, out entry))
        {
            return false;
        }

        ReadWanted(line, ref entry);
        return true;
    }

    /// <summary>
    /// <see cref="TryParseRequired"/> in two steps, for a caller that may not need the wanted fields of every line: the
    /// required fields, and the wanted ones only where they came with them (a line the general walk read); the rest
    /// wait for <see cref="ReadWanted"/>.
    /// </summary>
    public bool TryParseRequiredFirst(ReadOnlySpan<byte> line, out LogEntry entry)
    {
        entry = default;
        if (_commonPrefix is not null && _commonPrefix.TryParse(line, ref entry, out var afterStatus))
        {
            entry.WantedFieldsAt = _stepAfterStatus > 0 ? afterStatus : 0;
            if (_clientFirst)
            {
                // The fast path accepted the line: a space ends the first field before the time.
                entry.Client = line[..line.IndexOf(Space)];
            }

            return true;
        }

        return TryParse(line, _requiredStepCount, _requiredFields | _wantedFields, out entry);
    }

    /// <summary>
    /// Reads the wanted fields of a line <see cref="TryParseRequiredFirst"/> accepted, where they are intact; does nothing
    /// when they were read already. What follows the status cannot reject the line.
    /// </summary>
    public void ReadWanted(ReadOnlySpan<byte> line, ref LogEntry entry)
    {
        var at = entry.WantedFieldsAt;
        if (at == 0)
        {
            return;
        }

        entry.WantedFieldsAt = 0;
        var rest = line[at..];
        if (_combinedTail && TryReadCombinedTail(rest, ref entry))
        {
            return;
        }

        var literal = _steps[_stepAfterStatus - 1].LiteralAfter;
        if (StartsWithLiteral(rest, literal))
        {
            uint seen = 0;
            Walk(rest[literal.Length..], _stepAfterStatus, _requiredStepCount, _wantedFields, ref entry, ref seen);
        }
    }

    // Combined's tail after the status, when it is plain: a size, then a referer and a user agent without escapes. Anything
    // else (an escape, a cut-off line) is false, and the general walk reads it, so the result is the walk's either way.
    private bool TryReadCombinedTail(ReadOnlySpan<byte> rest, ref LogEntry entry)
    {
        if (rest.Length < 1 || rest[0] != Space)
        {
            return false;
        }

        rest = rest[1..];
        var sizeEnd = rest.IndexOf(Space);
        if (sizeEnd < 0 || rest.Length < sizeEnd + 2 || rest[sizeEnd + 1] != Quote)
        {
            return false;
        }

        var size = rest[..sizeEnd];
        rest = rest[(sizeEnd + 2)..];
        var refererEnd = rest.IndexOfAny(Quote, Backslash);
        if (refererEnd < 0 || rest[refererEnd] != Quote || rest.Length < refererEnd + 3 || rest[refererEnd + 1] != Space || rest[refererEnd + 2] != Quote)
        {
            return false;
        }

        var referer = rest[..refererEnd];
        rest = rest[(refererEnd + 3)..];
        var agentEnd = rest.IndexOfAny(Quote, Backslash);
        if (agentEnd < 0 || rest[agentEnd] != Quote)
        {
            return false;
        }

        var wanted = _wantedFields;
        if ((wanted & LogFormat.FieldBit(LogField.Bytes)) != 0)
        {
            entry.Bytes = size;
        }

        if ((wanted & LogFormat.FieldBit(LogField.Referer)) != 0)
        {
            entry.Referer = referer;
        }

        if ((wanted & LogFormat.FieldBit(LogField.UserAgent)) != 0)
        {
            entry.UserAgent = rest[..agentEnd];
        }

        return true;
    }

    private bool TryParse(ReadOnlySpan<byte> line, int stepCount, uint storedFields, out LogEntry entry)
    {
        entry = default;
        uint seen = 0;
        if (StartsWithLiteral(line, _leadingLiteral))
        {
            Walk(line[_leadingLiteral.Length..], 0, stepCount, storedFields, ref entry, ref seen);
        }

        return (seen & _requiredFields) == _requiredFields;
    }

    // Reads the fields of steps [firstStep, stepCount) from rest, storing those in storedFields, until one does not fit.
    private void Walk(ReadOnlySpan<byte> rest, int firstStep, int stepCount, uint storedFields, ref LogEntry entry, ref uint seen)
    {
        foreach (ref readonly var step in _steps.AsSpan(firstStep, stepCount - firstStep))
        {
            var length = MeasureField(rest, step.Scan, step.Terminator);
            var field = 1u << (int)step.Field;
            if (length < 0 || ((field & storedFields) != 0 && !TryAssign(ref entry, step.Field, rest[..length])))
            {
                break;
            }

            seen |= field;
            rest = rest[length..];
            if (!StartsWithLiteral(rest, step.LiteralAfter))
            {
                break;
            }

            rest = rest[step.LiteralAfter.Length..];
        }
    }

    // The literals between fields are a few bytes (" ", "\" \"", " \""): short ones are compared inline.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool StartsWithLiteral(ReadOnlySpan<byte> rest, byte[] literal) => literal.Length switch
    {
        0 => true,
        1 => !rest.IsEmpty && rest[0] == literal[0],
        2 => rest.Length >= 2 && rest[0] == literal[0] && rest[1] == literal[1],
        _ => rest.StartsWith(literal),
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int MeasureField(ReadOnlySpan<byte> rest, FieldScan scan, byte terminator) => scan switch
    {
        FieldScan.UntilTerminator => MeasureUntil(rest, terminator),
        FieldScan.Quoted => MeasureQuoted(rest),
        FieldScan.Bracketed => MeasureBracketed(rest),
        _ => rest.Length,
    };

    // A line cut off inside an unquoted field (e.g. right after the status) ends that field.
    private static int MeasureUntil(ReadOnlySpan<byte> rest, byte terminator)
    {
        var end = rest.IndexOf(terminator);
        return end < 0 ? rest.Length : end;
    }

    private static int MeasureQuoted(ReadOnlySpan<byte> rest)
    {
        var offset = 0;
        while (true)
        {
            var found = rest[offset..].IndexOfAny(s_quoteOrBackslash);
            if (found < 0)
            {
                return -1;
            }

            offset += found;
            if (rest[offset] == Quote)
            {
                return offset;
            }

            offset += 2;
            if (offset >= rest.Length)
            {
                return -1;
            }
        }
    }

    private static int MeasureBracketed(ReadOnlySpan<byte> rest)
    {
        if (rest.IsEmpty || rest[0] != OpenBracket)
        {
            return -1;
        }

        var close = rest.IndexOf(CloseBracket);
        return close < 0 ? -1 : close + 1;
    }

    private static bool TryAssign(ref LogEntry entry, LogField field, ReadOnlySpan<byte> value)
    {
        switch (field)
        {
            case LogField.Client:
                entry.Client = value;
                break;
            case LogField.User:
                entry.User = value;
                break;
            case LogField.VirtualHost:
                entry.VirtualHost = value;
                break;
            case LogField.Time:
                entry.Time = value;
                break;
            case LogField.RequestLine:
                entry.RequestLine = value;
                SplitRequestLine(ref entry, value);
                break;
            case LogField.Status:
                if (!IsStatus(value))
                {
                    return false;
                }

                entry.Status = value;
                break;
            case LogField.Bytes:
                entry.Bytes = value;
                break;
            case LogField.Referer:
                entry.Referer = value;
                break;
            case LogField.UserAgent:
                entry.UserAgent = value;
                break;
        }

        return true;
    }

    // "GET /a?b HTTP/1.1" -> GET, /a?b, HTTP/1.1. HTTP/0.9 lines have no protocol ("GET /a");
    // "-" (a request that timed out) and TLS bytes sent to the HTTP port have no target at all.
    private static void SplitRequestLine(ref LogEntry entry, ReadOnlySpan<byte> request)
    {
        var methodEnd = request.IndexOf(Space);
        if (methodEnd < 0)
        {
            entry.Method = request;
            return;
        }

        entry.Method = request[..methodEnd];
        var afterMethod = request[(methodEnd + 1)..];
        var protocolStart = afterMethod.LastIndexOf(Space);
        if (protocolStart >= 0 && afterMethod[(protocolStart + 1)..].StartsWith(HttpProtocolPrefix))
        {
            entry.Target = afterMethod[..protocolStart];
            entry.Protocol = afterMethod[(protocolStart + 1)..];
        }
        else
        {
            entry.Target = afterMethod;
        }
    }

    /// <summary>Three ASCII digits, nothing else.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsStatus(ReadOnlySpan<byte> value) =>
        value.Length == 3 && char.IsAsciiDigit((char)value[0]) && char.IsAsciiDigit((char)value[1]) && char.IsAsciiDigit((char)value[2]);

    private readonly record struct Step(LogField Field, FieldScan Scan, byte Terminator, byte[] LiteralAfter);
}
