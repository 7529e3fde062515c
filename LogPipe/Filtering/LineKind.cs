namespace LogPipe.Filtering;

/// <summary>What the page-view rule makes of a parsed line, decided once per line by <see cref="PageViewRule"/>.</summary>
internal enum LineKind : byte
{
    /// <summary>A view of a page: counted under its path.</summary>
    PageView,

    /// <summary>A method that does not count (<c>--methods</c>), or a request line with no target.</summary>
    OtherMethod,

    /// <summary>A status that does not count (<c>--statuses</c>): a redirect, a client or server error.</summary>
    Error,

    /// <summary>A target that names no page: not <c>/...</c> nor <c>http(s)://host/...</c> (<c>*</c>, garbage).</summary>
    NotAPage,

    /// <summary>A static file, by the extension of its last path segment (<c>--asset-extensions</c>).</summary>
    Asset,

    /// <summary>A crawler's or a tool's request, by its user agent.</summary>
    Crawler,
}
