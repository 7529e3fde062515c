using System.Diagnostics;
using LogPipe.Cli;
using LogPipe.Common;
using LogPipe.Native;
using Serilog;

namespace LogPipe.Supervision;

/// <summary>
/// The process Apache starts. It never reads stdin: it runs the worker, forwards SIGTERM and SIGINT to it, and starts
/// a new one on the same stdin when the worker fails, with capped exponential back-off that starts again from the
/// shortest delay whenever the worker had read input (it made progress, so it is not a crash loop). A worker that ends at end of
/// input ends the supervisor too, with the worker's code; a configuration error is not retried.
/// </summary>
internal sealed class Supervisor : IDisposable
{
    // A worker that ran this long was healthy: its failure starts the back-off again from the shortest delay.
    public static readonly TimeSpan HealthyRun = TimeSpan.FromMinutes(1);

    private static readonly TimeSpan s_firstRestartDelay = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan s_maxRestartDelay = TimeSpan.FromSeconds(5);

    private readonly WorkerLauncher _launcher;
    private readonly ILogger _log;
    private readonly RetryBackoff _backoff = new(s_firstRestartDelay, s_maxRestartDelay);
    private readonly CancellationTokenSource _interrupted = new();
    private readonly Lock _gate = new();
    private readonly IDisposable _terminate;
    private readonly IDisposable _interrupt;
    private readonly TimeSpan _drainTimeout;
    private readonly Stopwatch _sinceTerminate = new();
    private WorkerProcess? _worker;
    private bool _draining;

    /// <summary>Attaches to the signals before any worker exists, so no signal falls between the two.</summary>
    /// <param name="drainTimeout">After SIGTERM, how long failed workers are still replaced (each drains to end of input).</param>
    public Supervisor(ProcessSignals signals, WorkerLauncher launcher, TimeSpan drainTimeout, ILogger log)
    {
        ArgumentNullException.ThrowIfNull(signals);
        _launcher = launcher;
        _drainTimeout = drainTimeout;
        _log = log;
        _terminate = signals.OnTerminate(OnTerminate);
        _interrupt = signals.OnInterrupt(OnInterrupt);
    }

    public int Run()
    {
        while (true)
        {
            var started = Stopwatch.StartNew();
            WorkerProcess worker;
            lock (_gate)
            {
                worker = _launcher.Start(_draining);
                _worker = worker;
            }

            var workerId = worker.Id;
            _log.Information("Worker {WorkerId} started", workerId);
            worker.Process.WaitForExit();
            var code = worker.Process.ExitCode;
            var readInput = worker.ReadInput();
            lock (_gate)
            {
                _worker = null;
            }

            worker.Dispose();
            if (code == ExitCodes.Success)
            {
                _log.Information("Worker reached end of input; exiting");
                return code;
            }

            if (code == ExitCodes.CountsLost)
            {
                _log.Error("Worker finished its input but Redis did not take every count in time (exit code {ExitCode}); exiting with it", code);
                return code;
            }

            if (!ExitCodes.IsRetryable(code))
            {
                _log.Error("Worker refused its configuration (exit code {ExitCode}); not restarting", code);
                return code;
            }

            if (_interrupted.IsCancellationRequested)
            {
                return code;
            }

            if (_draining && _sinceTerminate.Elapsed >= _drainTimeout)
            {
                _log.Error("Worker failed ({Exit}) after the drain timeout since SIGTERM; not restarting", DescribeExit(code));
                return code;
            }

            // A worker that read input made progress: killed every 200 ms under load, it is no crash loop, and a
            // growing delay would leave Apache's pipe unread (and its writers blocked) for seconds at each death.
            if (readInput || started.Elapsed >= HealthyRun)
            {
                _backoff.Reset();
            }

            var delay = _backoff.NextDelay();
            _log.Warning(
                "Worker {WorkerId} failed ({Exit}) after {Uptime:0.0} s{Progress}; starting a new one on the same input in {Delay:0} ms",
                workerId,
                DescribeExit(code),
                started.Elapsed.TotalSeconds,
                readInput ? ", having read input" : ", before reading any input",
                delay.TotalMilliseconds);
            if (_interrupted.Token.WaitHandle.WaitOne(delay))
            {
                return code;
            }
        }
    }

    public void Dispose()
    {
        _terminate.Dispose();
        _interrupt.Dispose();
        _interrupted.Dispose();
    }

    // .NET reports a child killed by signal N as exit code 128 + N, as shells do.
    private static string DescribeExit(int code) => code > 128 && code < 160 ? $"killed by signal {code - 128}" : $"exit code {code}";

    private void OnTerminate()
    {
        lock (_gate)
        {
            if (!_draining)
            {
                _sinceTerminate.Start();
            }

            _draining = true;
            Forward(LibC.SigTerm, "SIGTERM: the worker reads on until end of input, then exits");
        }
    }

    private void OnInterrupt()
    {
        _interrupted.Cancel();
        lock (_gate)
        {
            Forward(LibC.SigInt, "SIGINT: the worker stops now");
        }
    }

    private void Forward(int signal, string message)
    {
        _log.Information(message);
        if (_worker is { } worker && !LibC.TrySendSignal(worker.Id, signal))
        {
            _log.Warning("Could not signal worker {WorkerId} (errno {Errno})", worker.Id, LibC.LastError());
        }
    }
}
