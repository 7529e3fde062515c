using System.CommandLine;
using LogPipe.Reporting;
using LogPipe.Storage;

namespace LogPipe.Cli;

/// <summary>
/// The options every reader of the report keys shares (<c>report</c>, <c>top</c>): which Redis, and under which
/// prefix and host the daemon wrote the reports.
/// </summary>
internal sealed class RedisReadOptions
{
    public Option<string?> Redis { get; } = new("--redis")
    {
        Description = $"The Redis the daemon writes to, as its --redis: host:port, a Unix socket or a redis:// URL. Falls back to ${RedisAddress.EnvironmentVariable}. [default: {RedisAddress.Default}]",
        HelpName = "config",
    };

    public Option<string> KeyPrefix { get; } = new("--key-prefix")
    {
        Description = "The daemon's --key-prefix: the text before every report key's name.",
        DefaultValueFactory = _ => string.Empty,
        HelpName = "prefix",
    };

    public Option<string?> Host { get; } = new("--host")
    {
        Description = "Read this virtual host's reports (kept under '<host>:' when the daemon's --key-template holds {host}).",
        HelpName = "host",
    };

    public IEnumerable<Option> All => [Redis, KeyPrefix, Host];

    /// <summary>Reads the group's values, or says in one line which one is wrong.</summary>
    /// <param name="redisFromEnvironment"><c>$LOGPIPE_REDIS</c>, or null.</param>
    public bool TryRead(ParseResult parsed, string? redisFromEnvironment, out RedisReadSettings? settings, out string? error)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        settings = null;
        var redis = RedisAddress.Resolve(parsed.GetValue(Redis), redisFromEnvironment, out var source);
        StackExchange.Redis.ConfigurationOptions options;
        try
        {
            options = RedisConfiguration.Parse(redis);
        }
        catch (ArgumentException ex)
        {
            error = $"{source}: {RedisConfiguration.WithoutSecrets(ex.Message, redis)}";
            return false;
        }

        var host = parsed.GetValue(Host);
        if (host is not null && (host.Length == 0 || host.Any(char.IsControl)))
        {
            error = "--host: give the virtual host's name as the daemon logs it (%v), e.g. example.com";
            return false;
        }

        var keyPrefix = parsed.GetValue(KeyPrefix)!;
        if (!ReportOptions.IsKeyPrefix(keyPrefix, out error))
        {
            return false;
        }

        settings = new RedisReadSettings(redis, options, RedisConfiguration.Describe(options), new ReportKeys(keyPrefix, host));
        error = null;
        return true;
    }
}
