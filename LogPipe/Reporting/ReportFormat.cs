namespace LogPipe.Reporting;

/// <summary>How <c>logpipe report</c> writes a report.</summary>
internal enum ReportFormat
{
    /// <summary>Aligned columns for people.</summary>
    Text,

    /// <summary>One JSON object of a stable shape, for scripts (README, "logpipe report").</summary>
    Json,

    /// <summary>section,name,value rows for spreadsheets.</summary>
    Csv,
}
