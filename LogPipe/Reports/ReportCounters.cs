using LogPipe.Counting;

namespace LogPipe.Reports;

/// <summary>The counter definitions of the reports a worker keeps; a report that is off is null.</summary>
internal sealed class ReportCounters
{
    /// <param name="kinds">The reports kept.</param>
    /// <param name="perHost">Keys per virtual host (the key template has <c>{host}</c>): <c>HOST:NAME:D</c>.</param>
    /// <param name="keepDays">Days each key is kept after its day has ended.</param>
    /// <param name="maxMembersPerDay">Members a capped report (a sorted set) holds a day besides <c>(other)</c>.</param>
    public ReportCounters(ReportKinds kinds, bool perHost, int keepDays, int maxMembersPerDay)
    {
        var all = new List<CounterDefinition>();
        foreach (var entry in ReportCatalog.Entries)
        {
            if ((kinds & entry.Kind) != 0)
            {
                all.Add(CounterDefinition.Report(entry.Id, entry.Name, entry.Operation, perHost, keepDays, maxMembersPerDay));
            }
        }

        All = all;
        Kinds = kinds;
        Views = Find(ReportKinds.Views);
        Visitors = Find(ReportKinds.Visitors);
        Pages = Find(ReportKinds.Pages);
        Referrers = Find(ReportKinds.Referrers);
        Campaigns = Find(ReportKinds.Campaigns);
        Statuses = Find(ReportKinds.Statuses);
        Crawlers = Find(ReportKinds.Crawlers);
        Minutes = Find(ReportKinds.Minutes);
        var mirrors = new List<CounterMirror>();
        if (Pages is not null)
        {
            mirrors.Add(new CounterMirror(Pages, TotalOnly: false));
        }

        if (Views is not null)
        {
            mirrors.Add(new CounterMirror(Views, TotalOnly: true));
        }

        Mirrors = mirrors;
    }

    /// <summary>The reports fed by the page counter's counts at flush time: pages (each path), views (their sum).</summary>
    public IReadOnlyList<CounterMirror> Mirrors { get; }

    public ReportKinds Kinds { get; }

    public IReadOnlyList<CounterDefinition> All { get; }

    public CounterDefinition? Views { get; }

    public CounterDefinition? Visitors { get; }

    public CounterDefinition? Pages { get; }

    public CounterDefinition? Referrers { get; }

    public CounterDefinition? Campaigns { get; }

    public CounterDefinition? Statuses { get; }

    public CounterDefinition? Crawlers { get; }

    public CounterDefinition? Minutes { get; }

    private CounterDefinition? Find(ReportKinds kind)
    {
        var id = ReportCatalog.Entries.First(entry => entry.Kind == kind).Id;
        return All.FirstOrDefault(counter => counter.Id == id);
    }
}
