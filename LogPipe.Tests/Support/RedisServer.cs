using System.Diagnostics;
using LogPipe.Storage;
using StackExchange.Redis;

namespace LogPipe.Tests.Support;

/// <summary>
/// A real redis-server on a free loopback port with its own data folder, shared by the tests of one class
/// (each test uses its own key prefix). It can be killed and started again on the same port and data for fault tests.
/// </summary>
public class RedisServer : IAsyncLifetime
{
    // Keys a SCAN page and an MGET take when counters are read back: few round trips, no huge reply.
    private const int ReadPageSize = 1_000;

    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(20);
    private readonly TempDirectory _data = new("redis");
    private readonly string[] _extraArguments;
    private Process? _process;
    private ConnectionMultiplexer? _connection;

    public RedisServer()
        : this([])
    {
    }

    protected RedisServer(string[] extraArguments)
    {
        _extraArguments = extraArguments;
        Port = FreePort.Next();
    }

    public int Port { get; }

    /// <summary>What LogPipe's --redis takes.</summary>
    public string Configuration => $"127.0.0.1:{Port}";

    public string DataDirectory => _data.Path;

    /// <summary>The Unix socket the server also listens on, as redis.conf's unixsocket.</summary>
    public string UnixSocket => _data.File("redis.sock");

    public int? ProcessId => _process is { HasExited: false } p ? p.Id : null;

    /// <summary>A connection for assertions, separate from LogPipe's own.</summary>
    public IDatabase Database => (_connection ?? throw new InvalidOperationException("not started")).GetDatabase();

    public IServer Server => _connection!.GetServer("127.0.0.1", Port);

    /// <summary>
    /// LogPipe's store, in process, on this server. The connect timeout is the tests' own, not
    /// LogPipe's 2 s, so that a loaded machine's slow first handshake does not fail the first command.
    /// </summary>
    /// <param name="options">More configuration options, such as <c>user=...,password=...</c>; none when empty.</param>
    /// <param name="statsKey">Where the store writes its stats hash; none when null.</param>
    internal RedisCounterStore NewCounterStore(string options = "", string? statsKey = null) =>
        new(RedisConfiguration.Parse($"{Configuration},connectTimeout=30000{(options.Length > 0 ? "," + options : "")}"), statsKey);

    public virtual async Task InitializeAsync()
    {
        await StartAsync();
        var options = ConfigurationOptions.Parse($"{Configuration},abortConnect=false,allowAdmin=true,syncTimeout=10000,asyncTimeout=10000");
        _connection = await ConnectionMultiplexer.ConnectAsync(options);
    }

    /// <summary>Starts redis-server and returns once it answers PING.</summary>
    public async Task StartAsync()
    {
        if (_process is { HasExited: false })
        {
            throw new InvalidOperationException("redis-server is already running");
        }

        var executable = RequiredTool.Require("redis-server", "redis-server");
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", _data.Path, "--unixsocket", UnixSocket, "--unixsocketperm", "700", "--save", "", "--daemonize", "no", "--protected-mode", "no", .. _extraArguments])
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        if (!await Eventually.TrueAsync(PingsAsync, s_startTimeout))
        {
            throw new InvalidOperationException($"redis-server did not answer PING on port {Port} within {s_startTimeout}");
        }
    }

    /// <summary>SIGKILL: Redis gets no chance to save or close connections.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
    }

    public async Task DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        await KillAsync();
        _process?.Dispose();
        _data.Dispose();
    }

    /// <summary>
    /// Every counter under <paramref name="pattern"/>, read a thousand at a time (SCAN, then MGET); a key that holds no
    /// integer fails the read unless <paramref name="skipNonCounters"/>.
    /// </summary>
    public async Task<Dictionary<string, long>> ReadCountsAsync(string pattern, bool skipNonCounters = false)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        var page = new List<RedisKey>(ReadPageSize);
        await foreach (var key in Server.KeysAsync(pattern: pattern, pageSize: ReadPageSize))
        {
            page.Add(key);
            if (page.Count == ReadPageSize)
            {
                await ReadPageAsync();
            }
        }

        await ReadPageAsync();
        return counts;

        async Task ReadPageAsync()
        {
            // MGET answers nil for a key of another type, and a string that is no integer does not parse.
            var values = await Database.StringGetAsync([.. page]);
            for (var i = 0; i < page.Count; i++)
            {
                if (values[i].TryParse(out long count))
                {
                    counts[page[i]!] = count;
                }
                else if (!skipNonCounters)
                {
                    throw new InvalidOperationException($"{page[i]} holds no counter");
                }
            }

            page.Clear();
        }
    }

    private async Task<bool> PingsAsync()
    {
        try
        {
            using var client = new System.Net.Sockets.TcpClient();
            await client.ConnectAsync("127.0.0.1", Port);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray());
            var reply = new byte[64];
            var read = await stream.ReadAsync(reply);
            return read > 0 && reply[0] == (byte)'+';
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
