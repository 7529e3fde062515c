using LogPipe.Reporting;
using StackExchange.Redis;

namespace LogPipe.Cli;

/// <summary>Where the readers (<c>report</c>, <c>top</c>) find the report keys: the Redis and the keys' names.</summary>
/// <param name="Configuration">The configuration string as given, to take its password out of messages.</param>
/// <param name="Description">The Redis for messages, without its password.</param>
internal sealed record RedisReadSettings(string Configuration, ConfigurationOptions Redis, string Description, ReportKeys Keys)
{
    /// <summary>A client's error for one line of a message: its first line, without the password.</summary>
    public string Explain(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);

        // The client's own message for a Redis it cannot reach is a page of advice on its connection options.
        return error is RedisConnectionException
            ? "no connection (is it running, on that address, with that password?)"
            : Storage.RedisConfiguration.WithoutSecrets(error.Message.Split('\n', 2)[0].Trim(), Configuration);
    }
}
