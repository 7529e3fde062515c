using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace LogPipe.Tests.Support;

/// <summary>
/// A private Apache httpd for one test: its own ServerRoot in a temp folder, a config written here, a free loopback
/// port, an ordinary file log (the oracle) and LogPipe as a piped log writing to Redis under the test's key prefix.
/// It is driven as an operator drives Apache (<c>apache2 -f conf -k start|graceful|graceful-stop|stop</c>), and it
/// watches the process tree below httpd so that it knows every LogPipe process it started, old generations included.
/// Disposing stops httpd if it still runs and kills, by PID, any LogPipe process left behind.
/// </summary>
public sealed class ApacheServer : IAsyncDisposable
{
    public const string ExecutableName = "apache2";

    /// <summary>The large static file; served at full speed here and through mod_ratelimit under <see cref="SlowLargeFilePath"/>.</summary>
    public const string LargeFilePath = "/files/large.bin";

    public const string SlowLargeFilePath = "/slow" + LargeFilePath;

    public const int LargeFileLength = 512 * 1024;

    // mod_ratelimit's rate-limit is in KiB/s: the large file then takes about eight seconds, time enough for a graceful
    // restart of a loaded machine to serve the new generation while it is still in flight.
    private const int SlowRateKibPerSecond = 64;

    // Apache logs this at notice level each time a generation is configured and serving, at start and at every restart
    // (AH00489 under event, AH00163 under prefork).
    private const string GenerationReady = "resuming normal operations";

    private static readonly string[] s_moduleDirectories = ["/usr/lib/apache2/modules", "/usr/lib64/httpd/modules", "/usr/lib/httpd/modules"];
    private static readonly TimeSpan s_commandTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan s_readyTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan s_stopTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan s_disposeGrace = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan s_watchInterval = TimeSpan.FromMilliseconds(50);

    private readonly TempDirectory _root;
    private readonly string _executable;
    private readonly string _configPath;
    private readonly string _keyTemplateArgument;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _gate = new();
    private readonly Dictionary<int, ObservedLogPipe> _logPipes = [];
    private readonly HashSet<int> _httpdChildren = [];
    private readonly CancellationTokenSource _stopWatching = new();
    private Task _watching = Task.CompletedTask;
    private int _parentId;
    private TimeSpan? _parentGoneAt;
    private bool _stoppedByTest;
    private bool _exitCheckedByTest;

    private ApacheServer(ApacheMpm mpm, string redisConfiguration, string keyPrefix, IReadOnlyList<string>? virtualHosts)
    {
        _executable = RequiredTool.Require(ExecutableName, "apache2");
        _root = new TempDirectory(keyPrefix);
        _configPath = _root.File("httpd.conf");
        _keyTemplateArgument = virtualHosts is null ? $"{keyPrefix}:{{date}}:{{path}}" : $"{keyPrefix}:{{host}}:{{date}}:{{path}}";
        Mpm = mpm;
        KeyPrefix = keyPrefix;
        VirtualHosts = virtualHosts;
        Port = FreePort.Next();
        WriteSite();
        File.WriteAllText(_configPath, Configuration(redisConfiguration));
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
    public int ParentId => _parentId;

    public string AccessLogPath => _root.File("logs/access.log");

    public string ErrorLogPath => _root.File("logs/error.log");

    /// <summary>What is passed as --log-file: supervisors and workers of every generation append to it.</summary>
    public string LogPipeLogPath => _root.File("logs/logpipe.log");

    /// <summary>Generations started so far: one at start and one per graceful restart, each with its own LogPipe.</summary>
    public int Generations { get; private set; }

    /// <summary>Every LogPipe process seen so far, alive or gone.</summary>
    public IReadOnlyList<ObservedLogPipe> LogPipes
    {
        get
        {
            lock (_gate)
            {
                return [.. _logPipes.Values.OrderBy(p => p.FirstSeen)];
            }
        }
    }

    /// <summary>When the httpd parent was seen gone, since this server was created.</summary>
    public TimeSpan? ParentGoneAt => _parentGoneAt;

    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>Writes the site and config, runs <c>apache2 -k start</c> and returns once the server answers 200.</summary>
    public static async Task<ApacheServer> StartAsync(ApacheMpm mpm, string redisConfiguration, string keyPrefix, CancellationToken cancel, IReadOnlyList<string>? virtualHosts = null)
    {
        var server = new ApacheServer(mpm, redisConfiguration, keyPrefix, virtualHosts);
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
        await RunControlAsync("graceful", cancel);
        Generations++;
    }

    /// <summary>Waits until httpd has reported every generation started so far, and then answers 200.</summary>
    public async Task WaitUntilLatestGenerationServesAsync(CancellationToken cancel)
    {
        if (!await Eventually.TrueAsync(() => CountInErrorLog(GenerationReady) >= Generations, s_readyTimeout))
        {
            throw new TimeoutException($"httpd did not report generation {Generations} within {s_readyTimeout}:\n{Tail(ErrorLogPath)}");
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

    public int AccessLogLineCount() => ReadLines(AccessLogPath).Count;

    public IReadOnlyList<string> AccessLogLines() => ReadLines(AccessLogPath);

    /// <summary>The error log and LogPipe's own logs, for a failed test's output.</summary>
    public string Diagnostics()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"--- {ErrorLogPath}").AppendLine(Tail(ErrorLogPath));
        text.AppendLine(CultureInfo.InvariantCulture, $"--- {LogPipeLogPath}").AppendLine(Tail(LogPipeLogPath));

        text.AppendLine("--- LogPipe processes seen");
        foreach (var logPipe in LogPipes)
        {
            text.AppendLine(logPipe.ToString());
        }

        return text.ToString();
    }

    /// <summary>Every line LogPipe's supervisors and workers logged, oldest file first.</summary>
    public IReadOnlyList<string> LogPipeLogLines()
    {
        return ReadLines(LogPipeLogPath);
    }

    public async ValueTask DisposeAsync()
    {
        var leftovers = new List<string>();
        Watch();
        if (_parentId != 0 && ProcessTree.IsAlive(_parentId))
        {
            try
            {
                await StopAsync("stop", byTest: false, CancellationToken.None);
            }
            catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
            {
                leftovers.Add($"httpd {_parentId} did not stop ({ex.Message}); killed");
                KillIfOurs(_parentId, _configPath);
            }
        }

        foreach (var child in SnapshotHttpdChildren())
        {
            KillIfOurs(child, _configPath);
        }

        if (_parentGoneAt is not null)
        {
            await WaitForLogPipesToExitAsync(s_disposeGrace);
        }

        await _stopWatching.CancelAsync();
        await _watching;
        foreach (var logPipe in AliveLogPipes())
        {
            leftovers.Add($"{logPipe} outlived httpd; killed");
            KillIfOurs(logPipe.Id, _keyTemplateArgument);
        }

        _stopWatching.Dispose();
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
        var goneAt = _parentGoneAt ?? throw new InvalidOperationException("the server has not been stopped");
        var deadline = goneAt + grace - _clock.Elapsed;
        await Eventually.TrueAsync(() => AliveLogPipes().Count == 0, deadline > TimeSpan.Zero ? deadline : TimeSpan.Zero);
        return AliveLogPipes();
    }

    private static List<string> ReadLines(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        // httpd and LogPipe keep their logs open for writing while the test reads them.
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            lines.Add(line);
        }

        return lines;
    }

    private static string Tail(string path, int lines = 60) => string.Join('\n', ReadLines(path).TakeLast(lines));

    private static string? CommandLineOf(int processId)
    {
        try
        {
            return File.ReadAllText($"/proc/{processId}/cmdline").Replace('\0', ' ');
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>SIGKILL, only when the PID still belongs to this test (its command line names our config or key prefix).</summary>
    private static void KillIfOurs(int processId, string marker)
    {
        if (ProcessTree.IsAlive(processId) && CommandLineOf(processId)?.Contains(marker, StringComparison.Ordinal) == true)
        {
            try
            {
                PosixSignals.Send(processId, PosixSignalNumber.Kill);
            }
            catch (InvalidOperationException)
            {
                // Exited between the check and the signal.
            }
        }
    }

    private static string ModuleDirectory() =>
        s_moduleDirectories.FirstOrDefault(d => File.Exists(Path.Combine(d, "mod_mpm_event.so")))
        ?? throw new InvalidOperationException($"no Apache module directory found among {string.Join(", ", s_moduleDirectories)}");

    private async Task StartAsync(CancellationToken cancel)
    {
        await RunControlAsync("start", cancel);

        // -k start returns once httpd has detached; the detached parent writes the PidFile a moment later.
        var pidFile = _root.File("run/httpd.pid");
        if (!await Eventually.TrueAsync(() => File.Exists(pidFile) && File.ReadAllText(pidFile).Trim().Length > 0, s_readyTimeout))
        {
            throw new TimeoutException($"httpd wrote no PidFile within {s_readyTimeout}:\n{Tail(ErrorLogPath)}");
        }

        _parentId = int.Parse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture);
        Generations = 1;
        _watching = Task.Run(WatchUntilStoppedAsync, CancellationToken.None);
        await WaitUntilServingAsync(cancel);
    }

    private async Task StopAsync(string command, bool byTest, CancellationToken cancel)
    {
        _stoppedByTest |= byTest;

        // graceful-stop removes the PidFile at once and the parent exits only after its last request: wait for the
        // process, known by the PID read at start, not for the file.
        await RunControlAsync(command, cancel);
        if (!await Eventually.TrueAsync(() => !ProcessTree.IsAlive(_parentId), s_stopTimeout))
        {
            throw new TimeoutException($"httpd {_parentId} was still running {s_stopTimeout} after -k {command}:\n{Tail(ErrorLogPath)}");
        }

        _parentGoneAt = _clock.Elapsed;
        Watch();
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
            throw new TimeoutException($"httpd on port {Port} did not answer 200 within {s_readyTimeout}:\n{Tail(ErrorLogPath)}");
        }
    }

    private async Task RunControlAsync(string command, CancellationToken cancel)
    {
        var start = new ProcessStartInfo(_executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["-f", _configPath, "-k", command])
        {
            start.ArgumentList.Add(argument);
        }

        // httpd passes its environment on to LogPipe, which would take the Redis address from it.
        start.Environment.Remove("LOGPIPE_REDIS");
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{_executable} did not start");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        timeout.CancelAfter(s_commandTimeout);
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            var output = (await stdout + await stderr).Trim();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"apache2 -k {command} exited with {process.ExitCode}: {output}\n{Tail(ErrorLogPath)}");
            }
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            process.Kill();
            throw new TimeoutException($"apache2 -k {command} did not return within {s_commandTimeout}");
        }
    }

    private int CountInErrorLog(string text) => ReadLines(ErrorLogPath).Count(line => line.Contains(text, StringComparison.Ordinal));

    private async Task WatchUntilStoppedAsync()
    {
        using var timer = new PeriodicTimer(s_watchInterval);
        try
        {
            do
            {
                Watch();
            }
            while (await timer.WaitForNextTickAsync(_stopWatching.Token));
        }
        catch (OperationCanceledException)
        {
            // Disposed.
        }
    }

    /// <summary>
    /// One look at the process tree below httpd: new LogPipe processes are remembered (a graceful restart starts new ones
    /// while the old ones drain), and remembered ones that are gone get their time of death. LogPipe processes that have
    /// left the tree (orphans after httpd exits) are still found by their command line, which names this test's key prefix.
    /// </summary>
    private void Watch()
    {
        var parents = new Dictionary<int, int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var id) && ProcessTree.ParentOf(id) is { } parent)
            {
                parents[id] = parent;
            }
        }

        var descendants = new HashSet<int>();
        var frontier = new Queue<int>(_parentId == 0 ? [] : [_parentId]);
        while (frontier.Count > 0)
        {
            var parent = frontier.Dequeue();
            foreach (var (id, parentOfId) in parents)
            {
                if (parentOfId == parent && descendants.Add(id))
                {
                    frontier.Enqueue(id);
                }
            }
        }

        var now = _clock.Elapsed;

        // Once httpd is gone (or when it never wrote its PidFile) nothing is below it: look at every process instead.
        var orphanScan = _parentGoneAt is not null || _parentId == 0;
        lock (_gate)
        {
            foreach (var id in orphanScan ? (IEnumerable<int>)parents.Keys : descendants)
            {
                // Between fork and exec a child still shows its parent's command line: a LogPipe supervisor looks like
                // httpd and a worker like a supervisor for a moment, so what was seen is looked at again.
                var known = _logPipes.GetValueOrDefault(id);
                if (known is { IsWorker: true } || !ProcessTree.IsAlive(id) || CommandLineOf(id) is not { } commandLine)
                {
                    continue;
                }

                if (commandLine.Contains(_keyTemplateArgument, StringComparison.Ordinal))
                {
                    // A worker killed before its exec is never seen with --worker; its parent, a supervisor, tells it apart.
                    var isWorker = commandLine.Contains(" --worker ", StringComparison.Ordinal)
                        || CommandLineOf(parents[id])?.Contains(_keyTemplateArgument, StringComparison.Ordinal) == true;
                    if (known is null)
                    {
                        _httpdChildren.Remove(id);
                        _logPipes[id] = new ObservedLogPipe(id, isWorker, parents[id], now);
                    }
                    else
                    {
                        known.IsWorker = isWorker;
                    }
                }
                else if (known is null && commandLine.Contains(_configPath, StringComparison.Ordinal))
                {
                    _httpdChildren.Add(id);
                }
            }

            foreach (var logPipe in _logPipes.Values)
            {
                if (logPipe.GoneAt is null && !ProcessTree.IsAlive(logPipe.Id))
                {
                    logPipe.GoneAt = now;
                }
            }
        }
    }

    private List<ObservedLogPipe> AliveLogPipes()
    {
        Watch();
        lock (_gate)
        {
            return [.. _logPipes.Values.Where(p => p.GoneAt is null)];
        }
    }

    private List<int> SnapshotHttpdChildren()
    {
        lock (_gate)
        {
            return [.. _httpdChildren];
        }
    }

    private void WriteSite()
    {
        var site = Directory.CreateDirectory(_root.File("htdocs")).FullName;
        Directory.CreateDirectory(_root.File("logs"));
        Directory.CreateDirectory(_root.File("run"));
        var files = new Dictionary<string, string>
        {
            ["index.html"] = "<!doctype html><title>Home</title><p>LogPipe test site.</p>\n",
            ["about.html"] = "<!doctype html><title>About</title><p>About this site.</p>\n",
            ["docs/guide.html"] = "<!doctype html><title>Guide</title><p>A guide.</p>\n",
            ["css/site.css"] = "body { font-family: sans-serif; }\n",
        };
        foreach (var (name, content) in files)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(site, name))!);
            File.WriteAllText(Path.Combine(site, name), content);
        }

        var large = new byte[LargeFileLength];
        new Random(LargeFileLength).NextBytes(large);
        Directory.CreateDirectory(Path.Combine(site, "files"));
        File.WriteAllBytes(Path.Combine(site, "files", "large.bin"), large);

        if (Environment.IsPrivilegedProcess && !OperatingSystem.IsWindows())
        {
            // Children run as nobody: every folder from /tmp down to the site must be searchable, every file readable.
            const UnixFileMode Everyone = UnixFileMode.OtherRead | UnixFileMode.OtherExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute;
            for (var directory = new DirectoryInfo(_root.Path); directory is not null && directory.FullName != Path.GetTempPath().TrimEnd('/'); directory = directory.Parent)
            {
                directory.UnixFileMode |= Everyone;
            }

            foreach (var entry in new DirectoryInfo(site).EnumerateFileSystemInfos("*", SearchOption.AllDirectories).Append(new DirectoryInfo(site)))
            {
                entry.UnixFileMode |= entry is DirectoryInfo ? Everyone : UnixFileMode.OtherRead | UnixFileMode.GroupRead;
            }
        }
    }

    private string Configuration(string redisConfiguration)
    {
        var modules = ModuleDirectory();
        var root = _root.Path;
        var mpm = Mpm == ApacheMpm.Event ? "event" : "prefork";
        var user = Environment.IsPrivilegedProcess ? "User nobody\nGroup nogroup" : "# Not root: the children run as the current user.";
        var format = VirtualHosts is null ? "combined" : "vhost_combined";
        var logPipe = $"{LogPipeProcess.Executable} --redis {redisConfiguration} --format {format} --key-template {_keyTemplateArgument} --log-file {LogPipeLogPath} --log-level information";
        var virtualHosts = string.Concat((VirtualHosts ?? []).Select(name => $"<VirtualHost 127.0.0.1:{Port}>\n  ServerName {name}\n</VirtualHost>\n"));
        return $$"""
            # Written by LogPipe.Tests ApacheServer for one test; nothing here comes from /etc/apache2.
            ServerRoot "{{root}}"
            DefaultRuntimeDir "{{root}}/run"
            PidFile "{{root}}/run/httpd.pid"
            Mutex file:{{root}}/run default

            LoadModule mpm_{{mpm}}_module {{modules}}/mod_mpm_{{mpm}}.so
            # Built into Debian's apache2 (apache2 -l); loaded where they are not.
            <IfModule !unixd_module>
              LoadModule unixd_module {{modules}}/mod_unixd.so
            </IfModule>
            <IfModule !log_config_module>
              LoadModule log_config_module {{modules}}/mod_log_config.so
            </IfModule>
            LoadModule authz_core_module {{modules}}/mod_authz_core.so
            LoadModule mime_module {{modules}}/mod_mime.so
            LoadModule dir_module {{modules}}/mod_dir.so
            LoadModule alias_module {{modules}}/mod_alias.so
            LoadModule env_module {{modules}}/mod_env.so
            LoadModule ratelimit_module {{modules}}/mod_ratelimit.so

            {{user}}
            Listen 127.0.0.1:{{Port}}
            ServerName 127.0.0.1
            ErrorLog "{{ErrorLogPath}}"
            LogLevel notice

            <IfModule mpm_event_module>
              StartServers 2
              ServerLimit 8
              ThreadsPerChild 10
              MaxRequestWorkers 40
              MinSpareThreads 10
              MaxSpareThreads 30
            </IfModule>
            <IfModule mpm_prefork_module>
              StartServers 4
              MinSpareServers 2
              MaxSpareServers 8
              MaxRequestWorkers 16
            </IfModule>

            TypesConfig /dev/null
            AddType text/html .html
            AddType text/css .css
            DirectoryIndex index.html
            DocumentRoot "{{root}}/htdocs"
            <Directory />
              AllowOverride None
              Require all denied
            </Directory>
            <Directory "{{root}}/htdocs">
              Require all granted
            </Directory>

            # The same files again, at {{SlowRateKibPerSecond}} KiB/s: a request that stays in flight across a restart.
            Alias "/slow/" "{{root}}/htdocs/"
            <Location "/slow/">
              SetOutputFilter RATE_LIMIT
              SetEnv rate-limit {{SlowRateKibPerSecond}}
            </Location>

            LogFormat "%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-Agent}i\"" combined
            LogFormat "%v:%p %h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-Agent}i\"" vhost_combined
            CustomLog "{{AccessLogPath}}" {{format}}
            CustomLog "|{{logPipe}}" {{format}}

            # Virtual hosts inherit all of the above, logs included.
            {{virtualHosts}}
            """;
    }
}
