using System.Text;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace LogPipe.Logging;

/// <summary>
/// Writes each log event to the log file with one write(): the supervisor and its worker append to the same file
/// (O_APPEND), and a single write keeps each event whole between them. A failed write is dropped, never thrown into
/// the host: logging must not stop counting.
/// </summary>
internal sealed class AppendFileSink : ILogEventSink
{
    private readonly LogFile _file;
    private readonly ITextFormatter _formatter;
    private readonly Lock _gate = new();

    public AppendFileSink(LogFile file, ITextFormatter formatter)
    {
        _file = file;
        _formatter = formatter;
    }

    public void Emit(LogEvent logEvent)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        using var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        _formatter.Format(logEvent, text);
        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        lock (_gate)
        {
            try
            {
                // O_APPEND puts every write at the end, whatever the offset given here.
                RandomAccess.Write(_file.Handle, bytes, 0);
            }
            catch (IOException)
            {
                // A full disk or a removed device: the event is lost, counting goes on.
            }
        }
    }
}
