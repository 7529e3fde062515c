namespace LogPipe.Cli;

/// <summary>Which part of the process model this process plays.</summary>
internal enum ProcessRole
{
    /// <summary>Started by Apache: never reads stdin, runs and restarts the worker.</summary>
    Supervisor,

    /// <summary>Started by the supervisor with <c>--worker</c>: reads the inherited stdin and counts.</summary>
    Worker,

    /// <summary><c>--no-supervisor</c>: the worker's job in the foreground process, for debugging.</summary>
    Foreground,
}
