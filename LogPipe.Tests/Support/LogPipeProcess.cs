using System.Diagnostics;
using System.Text;

namespace LogPipe.Tests.Support;

/// <summary>
/// The real logpipe executable, started as Apache would start it: stdin a pipe the test writes into, stdout and
/// stderr captured. <c>LOGPIPE_BINARY</c> selects another build (the native one, say); by default the build next to the tests.
/// </summary>
public sealed class LogPipeProcess : IAsyncDisposable
{
    private static readonly TimeSpan s_defaultExitTimeout = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly TaskCompletionSource _stdoutClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stderrClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private LogPipeProcess(Process process)
    {
        _process = process;
    }

    public static string Executable
    {
        get
        {
            if (Environment.GetEnvironmentVariable("LOGPIPE_BINARY") is { Length: > 0 } configured)
            {
                return configured;
            }

            var besideTests = Path.Combine(AppContext.BaseDirectory, "logpipe");
            return File.Exists(besideTests) ? besideTests : throw new FileNotFoundException("the logpipe executable is not next to the tests", besideTests);
        }
    }

    /// <summary>Whether the tests run a native (PublishAot) build: an executable with no logpipe.dll beside it.</summary>
    public static bool IsNative => !File.Exists(Path.Combine(Path.GetDirectoryName(Executable)!, "logpipe.dll"));

    public int Id => _process.Id;

    public Stream Input => _process.StandardInput.BaseStream;

    /// <summary>The worker the supervisor is running now, if any.</summary>
    public int? WorkerId => ProcessTree.ChildrenOf(_process.Id) is [var worker, ..] ? worker : null;

    public string StandardOutput
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    public string StandardError
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public static LogPipeProcess Start(IEnumerable<string> arguments, IDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo(Executable) { RedirectStandardInput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return Start(start, environment);
    }

    /// <summary>Starts logpipe with stdin opened from <paramref name="path"/> (a file, or a directory to make reads fail).</summary>
    public static LogPipeProcess StartWithInputFrom(string path, IEnumerable<string> arguments) =>
        StartWithRedirections("< \"$LOGPIPE_TEST_INPUT\"", arguments, new Dictionary<string, string?> { ["LOGPIPE_TEST_INPUT"] = path });

    /// <summary>
    /// Starts logpipe through <c>/bin/sh</c> with the shell's <paramref name="redirections"/> applied, e.g.
    /// <c>&lt;&amp;- &gt;&amp;- 2&gt;&amp;-</c> to start it with its standard descriptors closed.
    /// </summary>
    public static LogPipeProcess StartWithRedirections(string redirections, IEnumerable<string> arguments, IDictionary<string, string?>? environment = null)
    {
        // exec: the shell is replaced, so the PID is logpipe's own.
        var start = new ProcessStartInfo("/bin/sh");
        foreach (var argument in (string[])["-c", $"exec \"$0\" \"$@\" {redirections}", Executable, .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        return Start(start, environment);
    }

    private static LogPipeProcess Start(ProcessStartInfo start, IDictionary<string, string?>? environment)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;

        start.Environment.Remove("LOGPIPE_REDIS");
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start };
        var logPipe = new LogPipeProcess(process);
        process.OutputDataReceived += (_, e) => Append(logPipe._stdout, e.Data, logPipe._stdoutClosed);
        process.ErrorDataReceived += (_, e) => Append(logPipe._stderr, e.Data, logPipe._stderrClosed);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return logPipe;
    }

    /// <summary>Runs logpipe over <paramref name="input"/> to end of input and returns its exit code.</summary>
    public static async Task<LogPipeProcess> RunAsync(IEnumerable<string> arguments, byte[] input, TimeSpan? timeout = null, IDictionary<string, string?>? environment = null)
    {
        var logPipe = Start(arguments, environment);
        await logPipe.WriteAsync(input);
        await logPipe.CloseInputAsync();
        await logPipe.WaitForExitAsync(timeout);
        return logPipe;
    }

    public async Task WriteAsync(ReadOnlyMemory<byte> bytes)
    {
        await Input.WriteAsync(bytes);
        await Input.FlushAsync();
    }

    public async Task CloseInputAsync() => await _process.StandardInput.DisposeAsync();

    public void Signal(PosixSignalNumber signal) => PosixSignals.Send(_process.Id, signal);

    /// <summary>Waits for exit and for its output to be read; kills it and fails when it outlives the timeout.</summary>
    public async Task WaitForExitAsync(TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? s_defaultExitTimeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
            await Task.WhenAll(_stdoutClosed.Task, _stderrClosed.Task).WaitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"logpipe did not exit within {timeout ?? s_defaultExitTimeout}; stderr:\n{StandardError}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static void Append(StringBuilder target, string? line, TaskCompletionSource closed)
    {
        if (line is null)
        {
            closed.TrySetResult();
            return;
        }

        lock (target)
        {
            target.AppendLine(line);
        }
    }
}
