using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.Globalization;
using LogPipe.Common;
using LogPipe.Counting;
using LogPipe.Parsing;

namespace LogPipe.Cli;

/// <summary>The command line: every option with its help text and default. Values are checked by <see cref="SettingsReader"/>.</summary>
internal sealed class LogPipeCommand
{
    public const string DefaultTtl = "24h";
    public const string DefaultFlushInterval = "250ms";
    public const string DefaultShutdownTimeout = "5s";
    public const string DefaultDrainTimeout = "10m";
    public const string DefaultMaxLineLength = "64k";
    public const int DefaultMaxPendingKeys = 1_000_000;
    public const string DefaultPipeSize = "1m";
    public const string DefaultStatsKey = "logpipe:stats:{hostname}";
    public const string HostnamePlaceholder = "{hostname}";

    /// <summary>The hidden option the supervisor starts its worker with.</summary>
    public const string WorkerOptionName = "--worker";

    private const string Summary = """
        Counts page views from an Apache access log into Redis, live.

        Reads access-log lines on stdin (as an Apache piped log, or a file by hand) and adds
        each page view to a per-day Redis counter of its path that expires after --ttl, so an
        application reads "views today" with one GET:
          redis-cli GET 'hits:2026-11-29:/articles/42'

        A page view is a line with all of: a counted method (--methods, GET); a counted status
        (--statuses, 2xx and 304); a path that is no static file (--asset-extensions); a user
        agent that is no crawler or tool (--count-crawlers). It counts under its path without
        the query string (--keep-query). --count-all counts every GET as logged, as in 2009.
        At most --max-pages-per-day page keys a day are made in Redis; views of further new
        paths, and of paths over --max-path-length, count under 'hits:<day>:(other)'.

        Reports, one key a day each, kept --keep-days after the day (--reports to choose):
          redis-cli GET views:2026-11-29                      page views
          redis-cli PFCOUNT visitors:2026-11-29               distinct visitors
          redis-cli ZREVRANGE pages:2026-11-29 0 9 WITHSCORES  top pages; also referrers:, campaigns:
          redis-cli HGETALL statuses:2026-11-29                requests by status; also crawlers:, minutes:

        Apache (absolute path, "|" form, next to an ordinary file log):
          CustomLog "|/usr/local/bin/logpipe --redis 127.0.0.1:6379" combined
          CustomLog ${APACHE_LOG_DIR}/access.log combined

        By hand:
          logpipe --dry-run < /var/log/apache2/access.log

        Process model: the process Apache starts is a supervisor; a worker child reads stdin and
        is restarted if it fails (after 100 ms, doubling to 5 s while workers fail before reading
        any input). SIGTERM means finish: read on to end of input, flush, exit 0 (Apache's
        graceful restart). SIGINT means stop now. SIGHUP is ignored.

        Exit codes: 0 end of input, all counts flushed; 1 runtime failure; 69 input done but hits
        were lost (Redis did not take every count within --shutdown-timeout, or memory ran out
        of room; logged); 64 bad option value; 78 unusable configuration (e.g. log file not
        writable).
        """;

    private const string RunSummary = "Counts page views from an Apache access log into Redis: logpipe run [options] is logpipe [options].";

    public const string RunExamples = """
        Example (Apache):
          CustomLog "|/usr/local/bin/logpipe run --redis 127.0.0.1:6379" combined
        """;

    public LogPipeCommand()
    {
        Root = new RootCommand(Summary);
        Run = new Command("run", RunSummary);

        // In --help's order: where the lines come from, what counts, where it goes, how the process runs.
        foreach (var option in (Option[])
            [
                Redis, Format, Methods, .. PageViews.All, .. Reports.All, KeyTemplateOption, Ttl, FlushInterval, MaxLineLength,
                MaxPendingKeys, ShutdownTimeout, DrainTimeout, PipeSize, StatsKey, NoSupervisor, DryRun, LogFile, LogLevel, User, Worker,
            ])
        {
            Root.Options.Add(option);
            Run.Options.Add(option);
        }
    }

    /// <summary>
    /// Adds a subcommand: <paramref name="subcommand"/>'s description (a short paragraph) is what <c>logpipe --help</c>
    /// lists; <paramref name="examples"/> (examples, keys, exit codes) follow its options in <c>logpipe &lt;subcommand&gt; --help</c>.
    /// </summary>
    public void AddSubcommand(Command subcommand, string examples)
    {
        ArgumentNullException.ThrowIfNull(subcommand);
        Root.Subcommands.Add(subcommand);
        var help = Root.Options.OfType<HelpOption>().First();
        if (help.Action is not ExamplesHelpAction withExamples)
        {
            withExamples = new ExamplesHelpAction((SynchronousCommandLineAction)help.Action!);
            help.Action = withExamples;
        }

        withExamples.Add(subcommand, examples);
    }

    /// <summary>The page-view rule's options.</summary>
    public PageViewOptions PageViews { get; } = new();

    /// <summary>The reports' options.</summary>
    public ReportOptions Reports { get; } = new();

    /// <summary>The daemon, as Apache runs it: <c>logpipe [options]</c>.</summary>
    public RootCommand Root { get; }

    /// <summary>
    /// The daemon under its explicit name, <c>logpipe run [options]</c>: the same options as <see cref="Root"/>. Added as a
    /// subcommand once both have their action (a root with subcommands and no action would refuse <c>logpipe [options]</c>).
    /// </summary>
    public Command Run { get; }

    public Option<string?> Redis { get; } = new("--redis")
    {
        Description = $"StackExchange.Redis configuration string: host:port, a Unix socket (/run/redis/redis.sock, unix:path) or a URL (redis://[user]:password@host:port/db, rediss:// for TLS), then [,password=...][,ssl=true]. Falls back to ${RedisAddress.EnvironmentVariable}, so a password need not stand in the Apache config. [default: {RedisAddress.Default}]",
        HelpName = "config",
    };

    public Option<string> Format { get; } = new("--format")
    {
        Description = $"Access log format: {string.Join(", ", LogFormat.Nicknames)}, or an Apache LogFormat string containing %t and %r.",
        DefaultValueFactory = _ => "combined",
        HelpName = "format",
    };

    public Option<string> Methods { get; } = new("--methods")
    {
        Description = "Comma-separated request methods that make a page view, as Apache logs them (upper case).",
        DefaultValueFactory = _ => "GET",
        HelpName = "list",
    };

    public Option<string> KeyTemplateOption { get; } = new("--key-template")
    {
        Description = "Redis key of a counter; {date} is the line's own day (yyyy-MM-dd), {path} the page's path (see --keep-query, --count-all), {host} the virtual host (%v: one log for many sites, with --format vhost_combined). Use '{date}{path}' with --count-all for the 2009 script's layout and rule.",
        DefaultValueFactory = _ => KeyTemplate.Default,
        HelpName = "template",
    };

    public Option<string> Ttl { get; } = new("--ttl")
    {
        Description = $"Expiry given to a new counter, never extended afterwards: {Duration.Syntax}.",
        DefaultValueFactory = _ => DefaultTtl,
        HelpName = "duration",
    };

    public Option<string> FlushInterval { get; } = new("--flush-interval")
    {
        Description = "How often pending counts are written to Redis (sooner when many keys wait, or when a new day begins).",
        DefaultValueFactory = _ => DefaultFlushInterval,
        HelpName = "duration",
    };

    public Option<string> MaxLineLength { get; } = new("--max-line-length")
    {
        Description = $"Longer lines are skipped and counted as rejected; {ByteSize.Syntax}.",
        DefaultValueFactory = _ => DefaultMaxLineLength,
        HelpName = "size",
    };

    public Option<string> MaxPendingKeys { get; } = new("--max-pending-keys")
    {
        Description = "Distinct keys held while Redis is slow or away (about 230 bytes each for 50-byte keys, everything included), and 256 bytes of key each on average; past either limit, views of new paths count under the day's (other) key (or, with a file on stdin, reading waits for Redis).",
        DefaultValueFactory = _ => DefaultMaxPendingKeys.ToString(CultureInfo.InvariantCulture),
        HelpName = "count",
    };

    public Option<string> ShutdownTimeout { get; } = new("--shutdown-timeout")
    {
        Description = "At end of input, how long to keep trying to write pending counts before giving up (and logging what was lost).",
        DefaultValueFactory = _ => DefaultShutdownTimeout,
        HelpName = "duration",
    };

    public Option<string> DrainTimeout { get; } = new("--drain-timeout")
    {
        Description = "After SIGTERM LogPipe reads on until end of input, so that lines Apache's children still write during a graceful restart are counted; this is the deadline for a writer that never closes.",
        DefaultValueFactory = _ => DefaultDrainTimeout,
        HelpName = "duration",
    };

    public Option<string> PipeSize { get; } = new("--pipe-size")
    {
        Description = "Capacity asked for stdin's pipe (F_SETPIPE_SZ), so that bursts wait in the pipe rather than block Apache; ignored when stdin is not a pipe.",
        DefaultValueFactory = _ => DefaultPipeSize,
        HelpName = "size",
    };

    public Option<string> StatsKey { get; } = new("--stats-key")
    {
        Description = "Redis hash where LogPipe keeps its own figures (lines read, counted, rejected, dropped, pending keys, flushes, errors) every few seconds: redis-cli HGETALL <key>. {hostname} is replaced; give each LogPipe on a host its own key; '' turns it off.",
        DefaultValueFactory = _ => DefaultStatsKey,
        HelpName = "key",
    };

    public Option<bool> NoSupervisor { get; } = new("--no-supervisor")
    {
        Description = "Run the worker in this process instead of a supervised child (for debugging; nothing restarts it).",
    };

    public Option<bool> Worker { get; } = new(WorkerOptionName)
    {
        Description = "Internal: run as the supervisor's worker.",
        Hidden = true,
    };

    public Option<bool> DryRun { get; } = new("--dry-run")
    {
        Description = "Do not connect to Redis: at end of input print the keys and counts that would have been written, highest first.",
    };

    public Option<string?> LogFile { get; } = new("--log-file")
    {
        Description = "Append logs to this file, supervisor and worker alike (rotate it with logrotate's copytruncate). It is opened once, at start, never through a symbolic link, and created 0640 if missing; its directory must exist. Without it, warnings and errors go to stderr (Apache copies them into its error log).",
        HelpName = "path",
    };

    public Option<string?> User { get; } = new("--user")
    {
        Description = "Run as this user (and group; else the user's own) once the log file is open: Apache starts piped loggers as root, and nothing after start needs it. A user that does not exist is refused at start.",
        HelpName = "name[:group]",
    };

    public Option<string?> LogLevel { get; } = new("--log-level")
    {
        Description = "Minimum level logged: debug, information (or info), warning (or warn), error. [default: information to a file and by hand (--no-supervisor, --dry-run), warning to stderr under the supervisor]",
        HelpName = "level",
    };
}
