namespace LogPipe.Parsing;

/// <summary>How the parser finds the end of a field in a line.</summary>
internal enum FieldScan : byte
{
    /// <summary>Up to the first byte of the literal that follows the field.</summary>
    UntilTerminator,

    /// <summary>Inside double quotes: up to the first quote that Apache did not escape as <c>\"</c>.</summary>
    Quoted,

    /// <summary><c>%t</c>: from <c>[</c> up to and including <c>]</c> (the timestamp holds a space).</summary>
    Bracketed,

    /// <summary>The last element of the format: the rest of the line.</summary>
    ToEnd,
}
