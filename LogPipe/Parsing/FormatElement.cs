namespace LogPipe.Parsing;

/// <summary>One step of a compiled <see cref="LogFormat"/>: either literal bytes to match, or a field to read.</summary>
internal readonly record struct FormatElement(byte[]? Literal, LogField Field, FieldScan Scan, byte Terminator)
{
    public bool IsLiteral => Literal is not null;

    public static FormatElement ForLiteral(byte[] literal) => new(literal, LogField.Other, FieldScan.ToEnd, 0);

    public static FormatElement ForField(LogField field, FieldScan scan, byte terminator) => new(null, field, scan, terminator);
}
