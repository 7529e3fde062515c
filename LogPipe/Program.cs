using System.CommandLine;
using LogPipe.Cli;
using LogPipe.Input;
using LogPipe.Logging;
using LogPipe.Native;
using LogPipe.Supervision;
using LogPipe.Worker;
using Serilog;

namespace LogPipe;

internal static class Program
{
    public static int Main(string[] args)
    {
        // Before anything opens a descriptor: a closed 0, 1 or 2 would be taken by the next file or pipe opened.
        if (!StandardDescriptors.EnsureOpen())
        {
            // Nowhere to say why: without /dev/null, stderr may be the closed descriptor itself.
            return ExitCodes.Configuration;
        }

        // Then, before anything slow: a SIGTERM during start-up must mean "finish", not "die" (see ProcessSignals).
        using var signals = ProcessSignals.Register();
        var environment = LaunchEnvironment.Read(Environment.GetEnvironmentVariable);
        var command = new LogPipeCommand();
        command.Root.SetAction(parsed => Run(command, parsed, args, environment, signals));
        command.Run.SetAction(parsed => Run(command, parsed, args, environment, signals));
        command.AddSubcommand(command.Run, LogPipeCommand.RunExamples);
        command.AddSubcommand(new ReportCommand(environment).Command, ReportCommand.Examples);
        command.AddSubcommand(new TopCommand(environment, signals).Command, TopCommand.Examples);
        var parseResult = command.Root.Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            var help = parseResult.CommandResult.Command == command.Root ? "logpipe --help" : $"logpipe {parseResult.CommandResult.Command.Name} --help";
            Console.Error.WriteLine($"logpipe: {parseResult.Errors[0].Message} (see {help})");
            return ExitCodes.Usage;
        }

        // LogPipe handles SIGTERM and SIGINT itself (Supervisor, WorkerSignals): no forced exit after a grace period.
        return parseResult.Invoke(new InvocationConfiguration { ProcessTerminationTimeout = null });
    }

    private static int Run(LogPipeCommand command, ParseResult parsed, string[] args, LaunchEnvironment environment, ProcessSignals signals)
    {
        if (!SettingsReader.TryRead(command, parsed, environment.Variable, out var read, out var error))
        {
            Console.Error.WriteLine($"logpipe: {error}");
            return ExitCodes.Usage;
        }

        var settings = read!;
        if (!TryOpenLogFile(settings, environment, out var logFile, out error))
        {
            Console.Error.WriteLine($"logpipe: {error}");
            return ExitCodes.Configuration;
        }

        using var ownedLogFile = logFile;
        if (!TrySwitchUser(settings, out error))
        {
            Console.Error.WriteLine($"logpipe: {error}");
            return ExitCodes.Configuration;
        }

        var supervising = settings.Role == ProcessRole.Supervisor;
        using var log = LogSetup.Create(settings, supervising ? "supervisor" : "worker", logFile);
        AppDomain.CurrentDomain.UnhandledException += (_, e) => log.Fatal(e.ExceptionObject as Exception, "Unhandled exception; exiting");
        try
        {
            return supervising ? RunSupervisor(settings, args, logFile, signals, log) : RunWorker(settings, environment, signals, log);
        }
        catch (Exception ex)
        {
            log.Fatal(ex, "LogPipe failed");
            return ExitCodes.Failure;
        }
    }

    // The supervisor opens --log-file for both (its workers inherit the descriptor); a worker takes the one it was given.
    private static bool TryOpenLogFile(Settings settings, LaunchEnvironment environment, out LogFile? file, out string? error)
    {
        file = null;
        error = null;
        return settings.LogFile is not { } path
            || (settings.Role == ProcessRole.Worker
                ? LogFile.TryAdopt(environment.LogFileDescriptor, path, out file, out error)
                : LogFile.TryOpen(path, inheritable: settings.Role == ProcessRole.Supervisor, out file, out error));
    }

    // After the log file is open, which is all root was needed for; a worker finds itself switched already.
    private static bool TrySwitchUser(Settings settings, out string? error)
    {
        error = null;
        if (settings.User is null)
        {
            return true;
        }

        return UserAccount.TryResolve(settings.User, settings.Group, out var account, out error) && account!.TrySwitch(out error);
    }

    private static int RunSupervisor(Settings settings, string[] args, LogFile? logFile, ProcessSignals signals, ILogger log)
    {
        using var supervisor = new Supervisor(signals, new WorkerLauncher(args, logFile), settings.DrainTimeout, log);
        return supervisor.Run();
    }

    private static int RunWorker(Settings settings, LaunchEnvironment environment, ProcessSignals processSignals, ILogger log)
    {
        using var signals = new WorkerSignals(processSignals, settings.DrainTimeout, log);
        if (environment.Draining)
        {
            signals.BeginDraining("Started during a drain");
        }

        using var parentWatch = settings.Role == ProcessRole.Worker
            && environment.SupervisorPid is { } supervisorId
            ? new ParentWatch(supervisorId, () => signals.RequestStop("the supervisor is gone"))
            : null;
        if (StandardDescriptors.InputUsable)
        {
            StdinPipe.TryEnlarge(settings.PipeSize, log);
        }

        using var stdin = environment.InputSignal is { } signal && settings.Role == ProcessRole.Worker
            ? new FirstReadSignal(StandardDescriptors.OpenInput(), signal)
            : StandardDescriptors.OpenInput();

        // Console.Out flushes every write: a dry-run report of 100,000 keys would be 100,000 write() calls.
        using var stdout = new StreamWriter(StandardDescriptors.OpenOutput(), new System.Text.UTF8Encoding(false), 1 << 16);
        return WorkerHost.RunAsync(settings, stdin, stdout, log, signals.StopNow).GetAwaiter().GetResult();
    }
}
