using System.Diagnostics;

namespace LogPipe.Tests.Support;

/// <summary>Drives a test's httpd as an operator does: <c>apache2 -f conf -k start|graceful|graceful-stop|stop</c>.</summary>
internal sealed class ApacheControl(string executable, string configPath, string errorLogPath)
{
    private static readonly TimeSpan s_commandTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Runs <c>-k <paramref name="command"/></c> and returns when apache2 does; fails on a non-zero exit.</summary>
    public async Task RunAsync(string command, CancellationToken cancel)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["-f", configPath, "-k", command])
        {
            start.ArgumentList.Add(argument);
        }

        // httpd passes its environment on to LogPipe, which would take the Redis address from it.
        start.Environment.Remove("LOGPIPE_REDIS");
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{executable} did not start");
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
                throw new InvalidOperationException($"apache2 -k {command} exited with {process.ExitCode}: {output}\n{LiveLogFile.Tail(errorLogPath)}");
            }
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            process.Kill();
            throw new TimeoutException($"apache2 -k {command} did not return within {s_commandTimeout}");
        }
    }
}
