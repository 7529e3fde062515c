using Serilog.Core;
using Serilog.Events;

namespace LogPipe.Tests.Support;

/// <summary>Keeps every Serilog event written to it, for tests that check what was logged.</summary>
public sealed class CollectingSink : ILogEventSink
{
    public List<LogEvent> Events { get; } = [];

    public void Emit(LogEvent logEvent) => Events.Add(logEvent);
}
