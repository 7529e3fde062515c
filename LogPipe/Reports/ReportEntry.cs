using LogPipe.Counting;

namespace LogPipe.Reports;

/// <summary>One report of <see cref="ReportCatalog"/>: its flag, its key's name, its counter id and how it is written.</summary>
internal sealed record ReportEntry(ReportKinds Kind, string Name, byte Id, RedisOperation Operation);
