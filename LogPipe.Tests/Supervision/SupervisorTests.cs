using LogPipe.Supervision;
using LogPipe.Tests.Support;
using Serilog;

namespace LogPipe.Tests.Supervision;

/// <summary>The supervisor's restart policy, with a stand-in worker (a shell that exits with a given code).</summary>
public sealed class SupervisorTests
{
    [Theory]
    [InlineData(64)]
    [InlineData(78)]
    public void A_worker_refusing_its_configuration_is_not_restarted(int code)
    {
        var sink = new CollectingSink();
        using var log = new LoggerConfiguration().WriteTo.Sink(sink).CreateLogger();
        using var signals = ProcessSignals.Register();
        using var supervisor = new Supervisor(signals, new WorkerLauncher("/bin/sh", ["-c", $"exit {code}"], logFile: null), TimeSpan.FromMinutes(1), log);

        var exitCode = supervisor.Run();

        Assert.Equal(code, exitCode);
        var messages = sink.Events.Select(e => e.RenderMessage(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Single(messages, m => m.StartsWith("Worker ", StringComparison.Ordinal) && m.EndsWith(" started", StringComparison.Ordinal));
        Assert.Contains($"Worker refused its configuration (exit code {code}); not restarting", messages);
    }
}
