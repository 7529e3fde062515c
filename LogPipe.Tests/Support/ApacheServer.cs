using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace LogPipe.Tests.Support;

/// <summary>
/// A private Apache httpd for one test: its own ServerRoot in a temp folder, a config written by
/// <see cref="ApacheConfigWriter"/>, a free loopback port, an ordinary file log (the oracle) and LogPipe as a piped log
/// writing to Redis under the test's key prefix. It is driven as an operator drives Apache (<see cref="ApacheControl"/>),
/// and an <see cref="ApacheProcessWatcher"/> knows every LogPipe process it started, old generations included.
/// Disposing stops httpd if it still runs and kills, by PID, any LogPipe process left behind.
/// </summary>
public sealed class ApacheServer : IAsyncDisposable
{
    public const string ExecutableName = "apache2";

    /// <summary>The large static file; served at full speed here and through mod_ratelimit under <see cref="SlowLargeFilePath"/>.</summary>
    public const string LargeFilePath = "/files/large.bin";

    public const string SlowLargeFilePath = "/slow" + LargeFilePath;

    public const int LargeFileLength = 512 * 1024;

    // Apache logs this at notice level each time a generation is configured and serving, at start and at every restart
    // (AH00489 under event, AH00163 under prefork).
    private const string GenerationReady = "resuming normal operations";

    private static readonly TimeSpan s_readyTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan s_stopTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan s_disposeGrace = TimeSpan.FromSeconds(5);

    private readonly TempDirectory _root;
    private readonly string _configPath;
    private readonly string _keyTemplateArgument;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly ApacheControl _control;
    private readonly ApacheProcessWatcher _watcher;
    private bool _stoppedByTest;
    private bool _exitCheckedByTest;

    private ApacheServer(ApacheMpm mpm, string redisConfiguration, string keyPrefix, IReadOnlyList<string>? virtualHosts, string logPipeOptions)
    {
        var executable = RequiredTool.Require(ExecutableName, "apache2");
        _root = new TempDirectory(keyPrefix);
        _configPath = _root.File("httpd.conf");
        _keyTemplateArgument = virtualHosts is null ? $"{keyPrefix}:{{date}}:{{path}}" : $"{keyPrefix}:{{host}}:{{date}}:{{path}}";
        Mpm = mpm;
        KeyPrefix = keyPrefix;
        VirtualHosts = virtualHosts;
        Port = FreePort.Next();
        _control = new ApacheControl(executable, _configPath, ErrorLogPath);
        _watcher = new ApacheProcessWatcher(_keyTemplateArgument, _configPath, _clock);
        ApacheConfigWriter.WriteSite(_root);
        File.WriteAllText(_configPath, ApacheConfigWriter.Configuration(this, _root.Path, redisConfiguration, _keyTemplateArgument, logPipeOptions));
    }

    public ApacheMpm Mpm { get; }

    public string KeyPrefix { get; }

    /// <summary>
    /// Names of the name-based virtual hosts, the first one the default; null for none. With them, the server logs
    /// vhost_combined and LogPipe's keys hold the host.
    /// </summary>
    public IReadOnlyList<string>? VirtualHosts { get; }

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/");

    /// <summary>The httpd parent process; the same across graceful restarts.</summary>
    public int ParentId => _watcher.ParentId;

    public string AccessLogPath => _root.File("logs/access.log");

    public string ErrorLogPath => _root.File("logs/error.log");

    /// <summary>What is passed as --log-file: supervisors and workers of every generation append to it.</summary>
    public string LogPipeLogPath => _root.File("logs/logpipe.log");

    /// <summary>Generations started so far: one at start and one per graceful restart, each with its own LogPipe.</summary>
    public int Generations { get; private set; }

    /// <summary>Every LogPipe process seen so far, alive or gone.</summary>
    public IReadOnlyList<ObservedLogPipe> LogPipes => _watcher.LogPipes;

    /// <summary>When the httpd parent was seen gone, since this server was created.</summary>
    public TimeSpan? ParentGoneAt => _watcher.ParentGoneAt;

    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>Writes the site and config, runs <c>apache2 -k start</c> and returns once the server answers 200.</summary>
    /// <param name="logPipeOptions">More options for LogPipe's command line in the CustomLog directive.</param>
    public static async Task<ApacheServer> StartAsync(ApacheMpm mpm, string redisConfiguration, string keyPrefix, CancellationToken cancel, IReadOnlyList<string>? virtualHosts = null, string logPipeOptions = "")
    {
        var server = new ApacheServer(mpm, redisConfiguration, keyPrefix, virtualHosts, logPipeOptions);
        try
        {
            await server.StartAsync(cancel);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary><c>-k graceful</c>: returns when the new generation serves. Old children finish their requests meanwhile.</summary>
    public async Task GracefulAsync(CancellationToken cancel)
    {
        await SendGracefulAsync(cancel);
        await WaitUntilLatestGenerationServesAsync(cancel);
    }

    /// <summary><c>-k graceful</c> without waiting for the new generation: httpd restarts in the background.</summary>
    public async Task SendGracefulAsync(CancellationToken cancel)
    {
        await _control.RunAsync("graceful", cancel);
        Generations++;
    }

    /// <summary>Waits until httpd has reported every generation started so far, and then answers 200.</summary>
    public async Task WaitUntilLatestGenerationServesAsync(CancellationToken cancel)
    {
        if (!await Eventually.TrueAsync(() => CountInErrorLog(GenerationReady) >= Generations, s_readyTimeout))
        {
            throw new TimeoutException($"httpd did not report generation {Generations} within {s_readyTimeout}:\n{LiveLogFile.Tail(ErrorLogPath)}");
        }

        await WaitUntilServingAsync(cancel);
    }

    /// <summary><c>-k graceful-stop</c>: returns when the httpd parent is gone, which is after its last request.</summary>
    public Task GracefulStopAsync(CancellationToken cancel) => StopAsync("graceful-stop", byTest: true, cancel);

    /// <summary><c>-k stop</c>: returns when the httpd parent is gone.</summary>
    public Task StopAsync(CancellationToken cancel) => StopAsync("stop", byTest: true, cancel);

    /// <summary>
    /// After a stop: waits until every LogPipe process seen has exited, at most <paramref name="grace"/> after the httpd
    /// parent was gone, and returns those still alive then (none, when LogPipe is right).
    /// </summary>
    public Task<IReadOnlyList<ObservedLogPipe>> LogPipesAliveAfterAsync(TimeSpan grace)
    {
        _exitCheckedByTest = true;
        return WaitForLogPipesToExitAsync(grace);
    }

    public int AccessLogLineCount() => LiveLogFile.ReadLines(AccessLogPath).Count;

    public IReadOnlyList<string> AccessLogLines() => LiveLogFile.ReadLines(AccessLogPath);

    /// <summary>The error log and LogPipe's own logs, for a failed test's output.</summary>
    public string Diagnostics()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"--- {ErrorLogPath}").AppendLine(LiveLogFile.Tail(ErrorLogPath));
        text.AppendLine(CultureInfo.InvariantCulture, $"--- {LogPipeLogPath}").AppendLine(LiveLogFile.Tail(LogPipeLogPath));

        text.AppendLine("--- LogPipe processes seen");
        foreach (var logPipe in LogPipes)
        {
            text.AppendLine(logPipe.ToString());
        }

        return text.ToString();
    }

    /// <summary>Every line LogPipe's supervisors and workers logged, oldest file first.</summary>
    public IReadOnlyList<string> LogPipeLogLines() => LiveLogFile.ReadLines(LogPipeLogPath);

    public async ValueTask DisposeAsync()
    {
        var leftovers = new List<string>();
        _watcher.Look();
        if (ParentId != 0 && ProcessTree.IsAlive(ParentId))
        {
            try
            {
                await StopAsync("stop", byTest: false, CancellationToken.None);
            }
            catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
            {
                leftovers.Add($"httpd {ParentId} did not stop ({ex.Message}); killed");
                ProcessTree.KillIfOurs(ParentId, _configPath);
            }
        }

        foreach (var child in _watcher.HttpdChildren())
        {
            ProcessTree.KillIfOurs(child, _configPath);
        }

        if (ParentGoneAt is not null)
        {
            await WaitForLogPipesToExitAsync(s_disposeGrace);
        }

        await _watcher.DisposeAsync();
        foreach (var logPipe in _watcher.Alive())
        {
            leftovers.Add($"{logPipe} outlived httpd; killed");
            ProcessTree.KillIfOurs(logPipe.Id, _keyTemplateArgument);
        }

        _root.Dispose();

        // A test that stopped the server expects a clean exit, and fails here if it did not check that itself. A test
        // that checked has failed on it already, and one that did not get as far as stopping is failing for another
        // reason: their own exceptions tell more than the processes left behind.
        if (leftovers.Count > 0 && _stoppedByTest && !_exitCheckedByTest)
        {
            throw new InvalidOperationException($"processes outlived the Apache server by more than {s_disposeGrace}:\n{string.Join('\n', leftovers)}");
        }
    }

    private async Task<IReadOnlyList<ObservedLogPipe>> WaitForLogPipesToExitAsync(TimeSpan grace)
    {
        var goneAt = ParentGoneAt ?? throw new InvalidOperationException("the server has not been stopped");
        var deadline = goneAt + grace - _clock.Elapsed;
        await Eventually.TrueAsync(() => _watcher.Alive().Count == 0, deadline > TimeSpan.Zero ? deadline : TimeSpan.Zero);
        return _watcher.Alive();
    }

    private async Task StartAsync(CancellationToken cancel)
    {
        await _control.RunAsync("start", cancel);

        // -k start returns once httpd has detached; the detached parent writes the PidFile a moment later.
        var pidFile = _root.File("run/httpd.pid");
        if (!await Eventually.TrueAsync(() => File.Exists(pidFile) && File.ReadAllText(pidFile).Trim().Length > 0, s_readyTimeout))
        {
            throw new TimeoutException($"httpd wrote no PidFile within {s_readyTimeout}:\n{LiveLogFile.Tail(ErrorLogPath)}");
        }

        Generations = 1;
        _watcher.Start(int.Parse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture));
        await WaitUntilServingAsync(cancel);
    }

    private async Task StopAsync(string command, bool byTest, CancellationToken cancel)
    {
        _stoppedByTest |= byTest;

        // graceful-stop removes the PidFile at once and the parent exits only after its last request: wait for the
        // process, known by the PID read at start, not for the file.
        await _control.RunAsync(command, cancel);
        if (!await Eventually.TrueAsync(() => !ProcessTree.IsAlive(ParentId), s_stopTimeout))
        {
            throw new TimeoutException($"httpd {ParentId} was still running {s_stopTimeout} after -k {command}:\n{LiveLogFile.Tail(ErrorLogPath)}");
        }

        _watcher.ParentGone();
    }

    private async Task WaitUntilServingAsync(CancellationToken cancel)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        async Task<bool> ServesAsync()
        {
            try
            {
                using var response = await client.GetAsync("/index.html", cancel);
                return response.IsSuccessStatusCode;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancel.IsCancellationRequested)
            {
                return false;
            }
        }

        if (!await Eventually.TrueAsync(ServesAsync, s_readyTimeout))
        {
            throw new TimeoutException($"httpd on port {Port} did not answer 200 within {s_readyTimeout}:\n{LiveLogFile.Tail(ErrorLogPath)}");
        }
    }

    private int CountInErrorLog(string text) => LiveLogFile.ReadLines(ErrorLogPath).Count(line => line.Contains(text, StringComparison.Ordinal));
}
