namespace LogPipe.LogGen;

/// <summary>What a request target is, which drives its status codes, sizes and referers.</summary>
internal enum PathKind
{
    /// <summary>An HTML page.</summary>
    Page = 0,

    /// <summary>CSS, JavaScript, fonts and other static files.</summary>
    Static,

    /// <summary>An image.</summary>
    Image,

    /// <summary>A JSON API endpoint.</summary>
    Api,

    /// <summary>A path that does not exist (scanner probes): mostly 404.</summary>
    Missing,
}
