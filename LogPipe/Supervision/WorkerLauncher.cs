using System.Diagnostics;
using System.IO.Pipes;
using LogPipe.Cli;
using LogPipe.Logging;

namespace LogPipe.Supervision;

/// <summary>
/// Starts the worker: the same program with the same options plus <c>--worker</c>, inheriting stdin (the supervisor
/// never reads it), stdout, stderr and the log file's descriptor. Under <c>dotnet logpipe.dll</c> the process path is
/// <c>dotnet</c>, so the assembly is passed too.
/// </summary>
internal sealed class WorkerLauncher
{
    public const string SupervisorPidVariable = "LOGPIPE_SUPERVISOR_PID";
    public const string DrainingVariable = "LOGPIPE_DRAINING";

    private readonly string _program;
    private readonly IReadOnlyList<string> _arguments;
    private readonly LogFile? _logFile;

    /// <param name="arguments">This process's own arguments, passed on to the worker.</param>
    /// <param name="logFile">The open --log-file, whose descriptor the worker inherits; null when logging to stderr.</param>
    public WorkerLauncher(IReadOnlyList<string> arguments, LogFile? logFile)
        : this(Environment.ProcessPath ?? throw new InvalidOperationException("the path of this program is unknown"), WorkerArguments(arguments), logFile)
    {
    }

    /// <summary>Runs <paramref name="program"/> with exactly <paramref name="arguments"/> as the worker; for tests of the restart policy.</summary>
    internal WorkerLauncher(string program, IReadOnlyList<string> arguments, LogFile? logFile)
    {
        _program = program;
        _arguments = arguments;
        _logFile = logFile;
    }

    public WorkerProcess Start(bool draining)
    {
        var start = new ProcessStartInfo(_program) { UseShellExecute = false };
        foreach (var argument in _arguments)
        {
            start.ArgumentList.Add(argument);
        }

        if (_logFile is not null)
        {
            start.Environment[LogFile.DescriptorVariable] = _logFile.Descriptor.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        start.Environment[SupervisorPidVariable] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (draining)
        {
            start.Environment[DrainingVariable] = "1";
        }

        var inputSignal = new AnonymousPipeServerStream(PipeDirection.In, HandleInheritability.Inheritable);
        try
        {
            start.Environment[WorkerProcess.InputSignalVariable] = inputSignal.GetClientHandleAsString();
            var process = Process.Start(start) ?? throw new InvalidOperationException("the worker process did not start");

            // Only the worker holds the write end now: once it is gone, reading the pipe ends at once.
            inputSignal.DisposeLocalCopyOfClientHandle();
            return new WorkerProcess(process, inputSignal);
        }
        catch
        {
            inputSignal.Dispose();
            throw;
        }
    }

    private static List<string> WorkerArguments(IReadOnlyList<string> arguments)
    {
        var worker = new List<string>(arguments.Count + 2);
        if (IsDotnetHost(Environment.ProcessPath!))
        {
            worker.Add(Path.Combine(AppContext.BaseDirectory, typeof(WorkerLauncher).Assembly.GetName().Name + ".dll"));
        }

        worker.Add(LogPipeCommand.WorkerOptionName);
        worker.AddRange(arguments);
        return worker;
    }

    private static bool IsDotnetHost(string path) =>
        Path.GetFileNameWithoutExtension(path).Equals("dotnet", StringComparison.OrdinalIgnoreCase);
}
