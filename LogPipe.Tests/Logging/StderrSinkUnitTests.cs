using LogPipe.Logging;
using Serilog.Events;
using Serilog.Formatting.Display;
using Serilog.Parsing;

namespace LogPipe.Tests.Logging;

public sealed class StderrSinkUnitTests
{
    [Fact]
    public void A_flood_of_events_is_cut_to_sixty_lines_a_minute()
    {
        using var output = new StringWriter();
        var sink = new StderrSink(new MessageTemplateTextFormatter("{Message}{NewLine}", null), output);
        var template = new MessageTemplateParser().Parse("event");

        for (var i = 0; i < 1_000; i++)
        {
            sink.Emit(new LogEvent(DateTimeOffset.UtcNow, LogEventLevel.Warning, null, template, []));
        }

        Assert.Equal(60, output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }
}
