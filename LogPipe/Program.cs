using System.CommandLine;
using LogPipe.Cli;
using LogPipe.Logging;
using LogPipe.Worker;

namespace LogPipe;

internal static class Program
{
    public static int Main(string[] args)
    {
        var command = new LogPipeCommand();
        command.Root.SetAction(parsed => Run(command, parsed));
        var parseResult = command.Root.Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            Console.Error.WriteLine($"logpipe: {parseResult.Errors[0].Message} (see logpipe --help)");
            return ExitCodes.Usage;
        }

        // LogPipe handles SIGTERM and SIGINT itself (WorkerSignals): no forced exit after a grace period.
        return parseResult.Invoke(new InvocationConfiguration { ProcessTerminationTimeout = null });
    }

    private static int Run(LogPipeCommand command, ParseResult parsed)
    {
        if (!SettingsReader.TryRead(command, parsed, Environment.GetEnvironmentVariable, out var settings, out var error))
        {
            Console.Error.WriteLine($"logpipe: {error}");
            return ExitCodes.Usage;
        }

        if (!LogSetup.TryCheckWritable(settings!.LogFile, out error))
        {
            Console.Error.WriteLine($"logpipe: {error}");
            return ExitCodes.Configuration;
        }

        using var log = LogSetup.Create(settings, "worker");
        try
        {
            using var signals = new WorkerSignals(settings.DrainTimeout, log);
            using var stdin = Console.OpenStandardInput();
            return WorkerHost.RunAsync(settings, stdin, Console.Out, log, signals.StopNow).GetAwaiter().GetResult();
        }
        catch (Exception ex)
        {
            log.Fatal(ex, "Worker failed");
            return ExitCodes.Failure;
        }
    }
}
