namespace LogPipe.Parsing;

/// <summary>The Apache <c>LogFormat</c> directives the parser understands, one per field of <see cref="LogEntry"/>.</summary>
internal enum LogField : byte
{
    /// <summary>A directive LogPipe reads past but does not use, such as <c>%D</c> or <c>%{X-Forwarded-For}i</c>.</summary>
    Other,

    /// <summary><c>%h</c> or <c>%a</c>: the client address, IPv4 or IPv6.</summary>
    Client,

    /// <summary><c>%l</c>: the identd log name, almost always <c>-</c>.</summary>
    LogName,

    /// <summary><c>%u</c>: the authenticated user.</summary>
    User,

    /// <summary><c>%t</c>: <c>[10/Oct/2000:13:55:36 -0700]</c>, brackets included.</summary>
    Time,

    /// <summary><c>%r</c>: the request line, split into method, target and protocol.</summary>
    RequestLine,

    /// <summary><c>%&gt;s</c> or <c>%s</c>: the three-digit status.</summary>
    Status,

    /// <summary><c>%b</c>, <c>%B</c> or <c>%O</c>: the response size, or <c>-</c>.</summary>
    Bytes,

    /// <summary><c>%{Referer}i</c>.</summary>
    Referer,

    /// <summary><c>%{User-Agent}i</c>.</summary>
    UserAgent,

    /// <summary><c>%v</c>: the virtual host name.</summary>
    VirtualHost,
}
