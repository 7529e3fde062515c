using System.Diagnostics;
using LogPipe.Cli;

namespace LogPipe.Supervision;

/// <summary>
/// Starts the worker: the same program with the same options plus <c>--worker</c>, inheriting stdin (the supervisor
/// never reads it), stdout and stderr. Under <c>dotnet logpipe.dll</c> the process path is <c>dotnet</c>, so the
/// assembly is passed too.
/// </summary>
internal sealed class WorkerLauncher
{
    public const string SupervisorPidVariable = "LOGPIPE_SUPERVISOR_PID";
    public const string DrainingVariable = "LOGPIPE_DRAINING";

    private readonly IReadOnlyList<string> _arguments;

    public WorkerLauncher(IReadOnlyList<string> arguments)
    {
        _arguments = arguments;
    }

    public Process Start(bool draining)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath ?? throw new InvalidOperationException("the path of this program is unknown"))
        {
            UseShellExecute = false,
        };
        if (IsDotnetHost(start.FileName))
        {
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, typeof(WorkerLauncher).Assembly.GetName().Name + ".dll"));
        }

        start.ArgumentList.Add(LogPipeCommand.WorkerOptionName);
        foreach (var argument in _arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment[SupervisorPidVariable] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (draining)
        {
            start.Environment[DrainingVariable] = "1";
        }

        return Process.Start(start) ?? throw new InvalidOperationException("the worker process did not start");
    }

    private static bool IsDotnetHost(string path) =>
        Path.GetFileNameWithoutExtension(path).Equals("dotnet", StringComparison.OrdinalIgnoreCase);
}
