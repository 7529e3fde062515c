namespace LogPipe.LogGen;

/// <summary>Request methods the generator writes.</summary>
internal enum RequestMethod
{
    /// <summary>GET: the only method LogPipe counts.</summary>
    Get = 0,

    /// <summary>HEAD.</summary>
    Head,

    /// <summary>POST.</summary>
    Post,

    /// <summary>OPTIONS.</summary>
    Options,
}
