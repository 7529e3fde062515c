using System.Globalization;
using LogPipe.Logging;
using LogPipe.Supervision;

namespace LogPipe.Cli;

/// <summary>
/// Everything LogPipe takes from its environment, read once at start: <c>$LOGPIPE_REDIS</c> (every command's Redis,
/// see <see cref="RedisAddress"/>) and the variables a supervisor starts its worker with (<see cref="WorkerLauncher"/>
/// writes them).
/// </summary>
internal sealed record LaunchEnvironment
{
    /// <summary><c>$LOGPIPE_REDIS</c>, null when unset or empty.</summary>
    public string? Redis { get; init; }

    /// <summary>The --log-file descriptor a worker inherits from its supervisor.</summary>
    public string? LogFileDescriptor { get; init; }

    /// <summary>The supervisor's PID, which a worker watches so that it stops when the supervisor is gone.</summary>
    public int? SupervisorPid { get; init; }

    /// <summary>Whether the worker starts while its supervisor drains (after SIGTERM).</summary>
    public bool Draining { get; init; }

    /// <summary>The pipe on which a worker tells its supervisor it has read input.</summary>
    public string? InputSignal { get; init; }

    public static LaunchEnvironment Read(Func<string, string?> variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        return new LaunchEnvironment
        {
            Redis = NonEmpty(variable(RedisAddress.EnvironmentVariable)),
            LogFileDescriptor = variable(LogFile.DescriptorVariable),
            SupervisorPid = int.TryParse(variable(WorkerLauncher.SupervisorPidVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null,
            Draining = variable(WorkerLauncher.DrainingVariable) == "1",
            InputSignal = NonEmpty(variable(WorkerProcess.InputSignalVariable)),
        };
    }

    /// <summary>The variables by name, for <see cref="SettingsReader"/>, which reads them through a lookup.</summary>
    public string? Variable(string name) => name == RedisAddress.EnvironmentVariable ? Redis : null;

    private static string? NonEmpty(string? value) => value is { Length: > 0 } ? value : null;
}
