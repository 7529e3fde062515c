using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace LogPipe.Logging;

/// <summary>
/// Writes log events to stderr, which Apache copies verbatim into its error log. Rate-limited, so that a flood of
/// errors cannot fill the web server's error log: past the limit, events are counted and reported once.
/// </summary>
internal sealed class StderrSink : ILogEventSink
{
    // Generous for an operator reading along, small next to what a broken feed could produce.
    private const int EventsPerMinute = 60;

    private readonly ITextFormatter _formatter;
    private readonly TextWriter _output;
    private readonly RateLimiter _limiter = new(EventsPerMinute, TimeSpan.FromMinutes(1));
    private readonly Lock _gate = new();

    public StderrSink(ITextFormatter formatter, TextWriter? output = null)
    {
        _formatter = formatter;
        _output = output ?? Console.Error;
    }

    public void Emit(LogEvent logEvent)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        if (!_limiter.TryAcquire(out var suppressed))
        {
            return;
        }

        lock (_gate)
        {
            if (suppressed > 0)
            {
                _output.WriteLine($"logpipe: {suppressed} log entries were not written to stderr (more than {EventsPerMinute} a minute)");
            }

            _formatter.Format(logEvent, _output);
            _output.Flush();
        }
    }
}
