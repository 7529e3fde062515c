using System.Diagnostics;
using System.Globalization;

namespace LogPipe.Tests.Support;

/// <summary>
/// Watches the process tree below a test's httpd every 50 ms, so that the test knows every LogPipe process httpd
/// started, old generations included, and when each was gone; and the httpd children, to kill any left behind.
/// LogPipe processes are told by their command line, which names the test's key template; httpd's by its config path.
/// </summary>
internal sealed class ApacheProcessWatcher(string keyTemplateArgument, string configPath, Stopwatch clock) : IAsyncDisposable
{
    private static readonly TimeSpan s_watchInterval = TimeSpan.FromMilliseconds(50);

    private readonly Lock _gate = new();
    private readonly Dictionary<int, ObservedLogPipe> _logPipes = [];
    private readonly HashSet<int> _httpdChildren = [];
    private readonly CancellationTokenSource _stopWatching = new();
    private Task _watching = Task.CompletedTask;

    /// <summary>The httpd parent process, 0 until <see cref="Start"/>.</summary>
    public int ParentId { get; private set; }

    /// <summary>When the httpd parent was seen gone, on the server's clock; null while it runs.</summary>
    public TimeSpan? ParentGoneAt { get; private set; }

    /// <summary>Every LogPipe process seen so far, alive or gone, first seen first.</summary>
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

    /// <summary>Starts watching below <paramref name="parentId"/>, the httpd parent.</summary>
    public void Start(int parentId)
    {
        ParentId = parentId;
        _watching = Task.Run(WatchUntilStoppedAsync, CancellationToken.None);
    }

    /// <summary>The parent is gone: from now on LogPipe processes are looked for among all processes, as orphans.</summary>
    public void ParentGone()
    {
        ParentGoneAt = clock.Elapsed;
        Look();
    }

    /// <summary>The LogPipe processes seen and not yet gone, after one more look.</summary>
    public List<ObservedLogPipe> Alive()
    {
        Look();
        lock (_gate)
        {
            return [.. _logPipes.Values.Where(p => p.GoneAt is null)];
        }
    }

    public List<int> HttpdChildren()
    {
        lock (_gate)
        {
            return [.. _httpdChildren];
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopWatching.CancelAsync();
        await _watching;
        _stopWatching.Dispose();
    }

    /// <summary>
    /// One look at the process tree below httpd: new LogPipe processes are remembered (a graceful restart starts new ones
    /// while the old ones drain), and remembered ones that are gone get their time of death. LogPipe processes that have
    /// left the tree (orphans after httpd exits) are still found by their command line, which names this test's key prefix.
    /// </summary>
    public void Look()
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
        var frontier = new Queue<int>(ParentId == 0 ? [] : [ParentId]);
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

        var now = clock.Elapsed;

        // Once httpd is gone (or when it never wrote its PidFile) nothing is below it: look at every process instead.
        var orphanScan = ParentGoneAt is not null || ParentId == 0;
        lock (_gate)
        {
            foreach (var id in orphanScan ? (IEnumerable<int>)parents.Keys : descendants)
            {
                // Between fork and exec a child still shows its parent's command line: a LogPipe supervisor looks like
                // httpd and a worker like a supervisor for a moment, so what was seen is looked at again.
                var known = _logPipes.GetValueOrDefault(id);
                if (known is { IsWorker: true } || !ProcessTree.IsAlive(id) || ProcessTree.CommandLineOf(id) is not { } commandLine)
                {
                    continue;
                }

                if (commandLine.Contains(keyTemplateArgument, StringComparison.Ordinal))
                {
                    // A worker killed before its exec is never seen with --worker; its parent, a supervisor, tells it apart.
                    var isWorker = commandLine.Contains(" --worker ", StringComparison.Ordinal)
                        || ProcessTree.CommandLineOf(parents[id])?.Contains(keyTemplateArgument, StringComparison.Ordinal) == true;
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
                else if (known is null && commandLine.Contains(configPath, StringComparison.Ordinal))
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

    private async Task WatchUntilStoppedAsync()
    {
        using var timer = new PeriodicTimer(s_watchInterval);
        try
        {
            do
            {
                Look();
            }
            while (await timer.WaitForNextTickAsync(_stopWatching.Token));
        }
        catch (OperationCanceledException)
        {
            // Disposed.
        }
    }
}
