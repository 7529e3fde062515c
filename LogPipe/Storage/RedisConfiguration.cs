using System.Globalization;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace LogPipe.Storage;

/// <summary>
/// Reads <c>--redis</c>: a StackExchange.Redis configuration string (<c>host:port,password=...</c>) whose endpoint may
/// also be a Unix socket (<c>/path/redis.sock</c>, <c>unix:path</c>) or a Redis URL as other tools take it
/// (<c>redis://[[user]:password@]host[:port][/db]</c>, <c>rediss://</c> for TLS), then sets what LogPipe needs from the client.
/// </summary>
internal static class RedisConfiguration
{
    private const string UnixSocketPrefix = "unix:";
    private const int DefaultPort = 6379;

    private static readonly TimeSpan s_connectTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan s_reconnectInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Keeps retrying when Redis is down, and fails commands at once while disconnected, so that LogPipe's own retry
    /// (which keeps and merges counts) is in charge rather than an unbounded client-side backlog.
    /// </summary>
    /// <exception cref="ArgumentException">Not a usable Redis address; the message says why.</exception>
    public static ConfigurationOptions Parse(string configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = ParseEndpoints(configuration);
        if (options.EndPoints.Count == 0)
        {
            throw new ArgumentException("no Redis endpoint given; expected host:port, e.g. 127.0.0.1:6379");
        }

        foreach (var endpoint in options.EndPoints)
        {
            // What is neither an address nor a socket went to DNS: a host name it cannot be (a URL of another scheme,
            // a typo) would fail only at the first flush, after the line that logs it, password and all.
            if (endpoint is DnsEndPoint { Host: var host } && !IsHostName(host))
            {
                throw new ArgumentException($"'{host}' is not a host name; expected host:port, /path/to/redis.sock or redis://host:port");
            }
        }

        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.ClientName ??= "logpipe";

        // Counts wait in memory while Redis is away, and the first flush waits for the first connection attempt:
        // try briefly and often, so that a Redis that comes back (or starts after LogPipe) is used within a second,
        // not after the client's default 5 s timeout and back-off, which can outlast --shutdown-timeout.
        if (!configuration.Contains("connectTimeout", StringComparison.OrdinalIgnoreCase))
        {
            options.ConnectTimeout = (int)s_connectTimeout.TotalMilliseconds;
        }

        options.ReconnectRetryPolicy = new LinearRetry((int)s_reconnectInterval.TotalMilliseconds);
        return options;
    }

    /// <summary>
    /// Where <paramref name="options"/> send counts, for the start-up line: each endpoint as the command line spells it
    /// (a socket as <c>unix:/path</c>, not the client's own <c>!/path</c>), then the database, user and TLS when set.
    /// Never the password, nor the client's tuning options.
    /// </summary>
    public static string Describe(ConfigurationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var endpoints = new List<string>(options.EndPoints.Count);
        foreach (var endpoint in options.EndPoints)
        {
            endpoints.Add(endpoint switch
            {
                UnixDomainSocketEndPoint socket => UnixSocketPrefix + socket,
                DnsEndPoint dns => $"{dns.Host}:{dns.Port}",
                _ => endpoint.ToString() ?? string.Empty,
            });
        }

        var description = string.Join(',', endpoints);
        if (options.DefaultDatabase is { } database)
        {
            description += $" database {database.ToString(CultureInfo.InvariantCulture)}";
        }

        if (options.User is { } user)
        {
            description += $" as {user}";
        }

        return options.Ssl ? description + " over TLS" : description;
    }

    private static ConfigurationOptions ParseEndpoints(string configuration)
    {
        var parts = configuration.Split(',');
        Uri? url = null;
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i].Trim();
            if (part.StartsWith("redis://", StringComparison.OrdinalIgnoreCase) || part.StartsWith("rediss://", StringComparison.OrdinalIgnoreCase))
            {
                if (url is not null)
                {
                    throw new ArgumentException("more than one Redis URL given");
                }

                url = Uri.TryCreate(part, UriKind.Absolute, out var parsed) ? parsed : throw new ArgumentException($"'{Redacted(part)}' is not a Redis URL");
                parts[i] = string.Empty;
            }

            // A local Redis is often reached through its Unix socket (redis.conf's unixsocket); StackExchange.Redis
            // spells that !path. unix:6379 stays a host named unix: no socket is called 6379.
            else if (part.StartsWith(UnixSocketPrefix, StringComparison.OrdinalIgnoreCase) && !int.TryParse(part.AsSpan(UnixSocketPrefix.Length), out _))
            {
                var path = part[UnixSocketPrefix.Length..];
                parts[i] = path.Length > 0
                    ? "!" + path
                    : throw new ArgumentException($"'{part}' names no socket; expected unix:/path/to/redis.sock");
            }
            else if (part.StartsWith('/'))
            {
                parts[i] = "!" + part;
            }
            else if (part.Length > 0 && !part.Contains('=', StringComparison.Ordinal))
            {
                // tcp://, http://, redis:/ (one slash), user:password@host: user information StackExchange.Redis would
                // take for a host name, password included, and put in its message.
                if (part.Contains('@', StringComparison.Ordinal) || part.Contains("://", StringComparison.Ordinal))
                {
                    throw new ArgumentException($"'{Redacted(part)}' is not a Redis address; expected host:port, /path/to/redis.sock or redis://[user]:password@host:port");
                }

                CheckHostAndPort(part);
            }
        }

        var rest = string.Join(',', Array.FindAll(parts, part => part.Length > 0));
        var options = rest.Length == 0 ? new ConfigurationOptions() : ConfigurationOptions.Parse(rest);
        if (url is not null)
        {
            ApplyUrl(options, url);
        }

        // An endpoint given without a port gets the client's default now rather than when connecting, so that the
        // start-up line says where counts go (127.0.0.1:6379, not 127.0.0.1:0).
        options.SetDefaultPorts();
        return options;
    }

    // An endpoint is host, host:port, [IPv6]:port or a bare IPv6 address. StackExchange.Redis drops one it cannot read
    // from a list without a word, and leaves a port out of range to the socket code, whose message is two lines long.
    private static void CheckHostAndPort(string endpoint)
    {
        string? port;
        if (endpoint.StartsWith('['))
        {
            var close = endpoint.IndexOf(']', StringComparison.Ordinal);
            var afterAddress = close < 0 ? null : endpoint[(close + 1)..];
            if (afterAddress is null || (afterAddress.Length > 0 && afterAddress[0] != ':'))
            {
                throw new ArgumentException($"'{endpoint}' is not an endpoint; expected [IPv6 address]:port, e.g. [::1]:6379");
            }

            port = afterAddress.Length > 0 ? afterAddress[1..] : null;
        }
        else
        {
            var colon = endpoint.IndexOf(':', StringComparison.Ordinal);
            port = colon < 0 || (colon != endpoint.LastIndexOf(':') && IPAddress.TryParse(endpoint, out _)) ? null : endpoint[(colon + 1)..];
        }

        if (port is not null && !(int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is >= 1 and <= IPEndPoint.MaxPort))
        {
            throw BadPort(endpoint);
        }
    }

    private static ArgumentException BadPort(string endpoint) =>
        new($"'{endpoint}': the port must be a number from 1 to {IPEndPoint.MaxPort}");

    // redis://[[user]:password@]host[:port][/db], as in the IANA registration of the scheme; rediss:// is the same over TLS.
    private static void ApplyUrl(ConfigurationOptions options, Uri url)
    {
        var address = url.GetComponents(UriComponents.SchemeAndServer, UriFormat.SafeUnescaped);
        if (url.Query.Length > 0)
        {
            throw new ArgumentException($"'{address}...?{url.Query[1..]}': URL options are not read; give StackExchange.Redis options after a comma instead");
        }

        var database = url.AbsolutePath.Trim('/');
        if (database.Length > 0)
        {
            options.DefaultDatabase = int.TryParse(database, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                ? number
                : throw new ArgumentException($"'{address}/{database}': the path of a Redis URL is a database number");
        }

        var host = url.DnsSafeHost;
        var port = url.IsDefaultPort || url.Port < 0 ? DefaultPort : url.Port;
        if (port == 0)
        {
            throw BadPort(address);
        }

        options.EndPoints.Add(IPAddress.TryParse(host, out var ip) ? new IPEndPoint(ip, port) : new DnsEndPoint(host, port));
        if (url.UserInfo.Length > 0)
        {
            var colon = url.UserInfo.IndexOf(':', StringComparison.Ordinal);
            var user = Uri.UnescapeDataString(colon < 0 ? url.UserInfo : url.UserInfo[..colon]);
            options.User = user.Length > 0 ? user : null;
            options.Password = colon < 0 ? null : Uri.UnescapeDataString(url.UserInfo[(colon + 1)..]);
        }

        options.Ssl |= url.Scheme.Equals("rediss", StringComparison.OrdinalIgnoreCase);
    }

    // Letters, digits, '-', '_' and '.': what a DNS name (or an IPv4 address StackExchange.Redis left unparsed) holds.
    private static bool IsHostName(string host)
    {
        foreach (var c in host)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.'))
            {
                return false;
            }
        }

        return host.Length > 0;
    }

    /// <summary>
    /// <paramref name="message"/> with every password <paramref name="configuration"/> holds (<c>password=...</c>, and
    /// the user information before an <c>@</c>) replaced by <c>***</c>: errors may quote the configuration, and they go
    /// to Apache's error log, which more people read than the Redis password is meant for.
    /// </summary>
    public static string WithoutSecrets(string message, string configuration)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(configuration);
        foreach (var rawPart in configuration.Split(','))
        {
            var part = rawPart.Trim();
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            var secret = equals > 0 && part[..equals].Trim().Equals("password", StringComparison.OrdinalIgnoreCase)
                ? part[(equals + 1)..]
                : UserInformation(part);
            if (secret.Length > 0)
            {
                message = message.Replace(secret, "***", StringComparison.Ordinal);
            }
        }

        return message;
    }

    // A part that does not parse may still hold a password: the error names only what surrounds the user information.
    private static string Redacted(string part)
    {
        var userInformation = UserInformation(part);
        return userInformation.Length == 0 ? part : part.Replace(userInformation + "@", "***@", StringComparison.Ordinal);
    }

    // What comes before the last '@' (after "scheme://" or "scheme:/" if there is one): "user:password", ":password".
    private static string UserInformation(string part)
    {
        var at = part.LastIndexOf('@');
        if (at < 0)
        {
            return string.Empty;
        }

        var schemeEnd = part.IndexOf(":/", StringComparison.Ordinal);
        var start = schemeEnd < 0 || schemeEnd > at ? 0 : schemeEnd + 2;
        while (start < at && part[start] == '/')
        {
            start++;
        }

        return part[start..at];
    }
}
