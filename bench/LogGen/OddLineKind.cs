namespace LogPipe.LogGen;

/// <summary>The kinds of odd or malformed lines mixed into the log; <see cref="None"/> is a regular line.</summary>
internal enum OddLineKind
{
    /// <summary>A regular, well-formed line.</summary>
    None = 0,

    /// <summary>Client opened a connection and sent nothing: <c>"-" 408 -</c>. Not counted.</summary>
    Timeout408,

    /// <summary>A TLS ClientHello sent to the plain HTTP port, logged escaped with status 400. Not counted.</summary>
    TlsHandshake,

    /// <summary>HTTP/0.9 request line without protocol: <c>"GET /legacy/page"</c>. Counted.</summary>
    Http09,

    /// <summary>A GET line cut right after the status. Counted.</summary>
    TruncatedAfterStatus,

    /// <summary>A GET line cut inside the referer (common format: right after the status and its space). Counted.</summary>
    TruncatedInReferer,

    /// <summary>A GET line cut inside the user agent (common format: inside the bytes field). Counted.</summary>
    TruncatedInUserAgent,

    /// <summary>A GET line with raw bytes 0xC3 0x28 and 0xFF in the user agent (common format: in %u). Counted.</summary>
    InvalidUtf8,

    /// <summary>Random bytes without CR or LF. Not counted.</summary>
    BinaryGarbage,

    /// <summary>An empty line. Not counted.</summary>
    Empty,

    /// <summary>A well-formed GET line terminated by CR LF. Counted.</summary>
    Crlf,

    /// <summary>A line of only spaces. Not counted.</summary>
    SpacesOnly,

    /// <summary>A GET line whose request lacks its closing quote. Not counted.</summary>
    MissingQuote,

    /// <summary>A GET line with the timestamp <c>[99/Foo/2026:25:00:00 +0000]</c>. Not counted.</summary>
    BadTimestamp,
}
