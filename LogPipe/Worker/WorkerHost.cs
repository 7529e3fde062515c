using LogPipe.Cli;
using LogPipe.Common;
using LogPipe.Counting;
using LogPipe.Filtering;
using LogPipe.Input;
using LogPipe.Native;
using LogPipe.Parsing;
using LogPipe.Pipeline;
using LogPipe.Reports;
using LogPipe.Storage;
using Serilog;

namespace LogPipe.Worker;

/// <summary>
/// The worker: one thread reads and counts at full speed, a flush task writes to Redis on its own schedule, and at
/// end of input (or when told to stop) every pending count is flushed before the exit code is returned.
/// </summary>
internal static class WorkerHost
{
    // Wakes the flusher early when this many distinct keys wait. Under a backlog flushes then follow each other, so
    // Redis works while the reader reads, the flush left at end of input is small, and the tables stay small.
    private const int FlushSoonKeys = 16_384;

    // The last stats update is a courtesy: it must not hold up an exit that Apache may be waiting for.
    private static readonly TimeSpan s_finalStatsTimeout = TimeSpan.FromSeconds(1);

    private const int StdinFd = 0;

    public static async Task<int> RunAsync(Settings settings, Stream input, TextWriter output, ILogger log, CancellationToken stopNow)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var stats = new WorkerStats();
        var pageViews = settings.PageViews;
        var reportSettings = settings.Reports;
        var reports = new ReportCounters(reportSettings.Reports, settings.KeyTemplate.UsesHost, reportSettings.KeepDays, pageViews.MaxPagesPerDay);
        var pages = CounterDefinition.PageViews(settings.KeyTemplate, settings.Ttl, pageViews.MaxPagesPerDay, reports.Mirrors);
        using var aggregator = new HitAggregator(settings.MaxPendingKeys, FlushSoonKeys);
        if (LibC.IsSeekable(StdinFd))
        {
            // A file has no writer to block: reading waits for Redis rather than fold new paths into (other).
            aggregator.WaitWhenFull(stopNow);
        }

        var dryRun = settings.DryRun ? new DryRunStore(reportSettings.KeyPrefix) : null;
        await using var store = dryRun ?? (ICounterStore)new RedisCounterStore(settings.Redis, settings.StatsKey, reportSettings.KeyPrefix);
        var flusher = new Flusher(
            aggregator,
            new CounterSet([pages, .. reports.All]),
            store,
            settings.FlushInterval,
            stats.Flush,
            () => stats.ToFigures(aggregator.PendingKeys, aggregator.FoldedHits, aggregator.DroppedHits),
            log);
        var reportWriter = reports.Kinds == ReportKinds.None
            ? null
            : new ReportWriter(reports, new ReferrerFilter(reportSettings.SiteHosts, reportSettings.IgnoredReferrers), CrawlerList.Default.ReportNameBytes, pageViews.MaxPathLength);
        var processor = new LineProcessor(settings.Format, NewRule(settings), pages, pageViews.MaxPathLength, aggregator, stats, log, reportWriter);
        var reader = new LineReader(settings.MaxLineLength);
        using var reporter = new StatsReporter(stats, aggregator, () => reader.BlankLines, log, StatsReporter.DefaultInterval);
        using var stopFlushing = new CancellationTokenSource();

        log.Information(
            "Counting {Rule} from {Format} lines as {KeyPrefix}{KeyTemplate} (TTL {Ttl}), with the reports {Reports} (kept {KeepDays} days), into {Target}",
            pageViews.CountAll ? $"every {string.Join(',', settings.Methods)} line" : "page views",
            settings.Format.Name,
            reportSettings.KeyPrefix,
            settings.KeyTemplate.Text,
            Duration.Format(settings.Ttl),
            ReportCatalog.Describe(reports.Kinds),
            reportSettings.KeepDays,
            settings.DryRun ? "the dry-run report" : RedisConfiguration.Describe(settings.Redis));
        if (reports.Referrers is not null && reportSettings.SiteHosts.Count == 0 && !settings.Format.Records(LogField.VirtualHost))
        {
            log.Warning(
                "The referrers report cannot tell the site's own pages from other sites: {Format} lines have no virtual host (%v) and no --site-host was given, so moving from page to page counts as a referral; give --site-host www.example.com",
                settings.Format.Name);
        }

        var flushing = Task.Run(() => flusher.RunAsync(stopFlushing.Token), CancellationToken.None);
        var reading = Task.Factory.StartNew(
            () => reader.ReadToEnd(input, processor, stopNow),
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

        var exitCode = ExitCodes.Success;
        var stopped = new TaskCompletionSource();
        await using (stopNow.Register(stopped.SetResult))
        {
            await Task.WhenAny(reading, stopped.Task).ConfigureAwait(false);
        }

        if (reading.IsFaulted)
        {
            log.Error(reading.Exception.GetBaseException(), "Reading input failed; flushing what was counted and exiting");
            exitCode = ExitCodes.Failure;
        }
        else if (!reading.IsCompleted || !reading.Result)
        {
            log.Information("Stopped before end of input");
        }

        await stopFlushing.CancelAsync().ConfigureAwait(false);
        await flushing.ConfigureAwait(false);
        await flusher.FlushAllAsync(settings.ShutdownTimeout).ConfigureAwait(false);
        var lostHits = WorkerStats.Read(ref stats.Flush.HitsLost);
        if (lostHits > 0)
        {
            log.Warning("{LostHits} hits were lost: Redis refused their keys, or did not confirm them within the shutdown timeout (see the errors above)", lostHits);
        }

        if (aggregator.DroppedHits > 0)
        {
            log.Warning("{DroppedHits} hits were dropped: too many keys were pending for too many days or hosts at once", aggregator.DroppedHits);
        }

        // A read failure keeps its code: a new worker can go on reading. Otherwise the input is done, and only the loss is left to report.
        if ((lostHits > 0 || aggregator.DroppedHits > 0) && exitCode == ExitCodes.Success)
        {
            exitCode = ExitCodes.CountsLost;
        }

        using (var statsDeadline = new CancellationTokenSource(s_finalStatsTimeout))
        {
            await flusher.PublishStatsAsync(statsDeadline.Token).ConfigureAwait(false);
        }

        reporter.Report("exit");
        dryRun?.WriteReport(output);
        return exitCode;
    }

    private static PageViewRule NewRule(Settings settings)
    {
        var pageViews = settings.PageViews;
        var crawlers = pageViews.CountCrawlers || !settings.Format.Records(LogField.UserAgent) ? null : UserAgentClassifier.CreateDefault();
        var statuses = settings.Format.Records(LogField.Status) ? pageViews.Statuses : null;
        return new PageViewRule(new MethodFilter(settings.Methods), statuses, pageViews.Assets, crawlers, pageViews.KeepQuery, pageViews.CountAll);
    }
}
