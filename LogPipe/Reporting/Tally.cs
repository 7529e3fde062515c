namespace LogPipe.Reporting;

/// <summary>One member of a report list and its count. The name is bytes as a request sent them, not text.</summary>
internal readonly record struct Tally(byte[] Name, long Count);
