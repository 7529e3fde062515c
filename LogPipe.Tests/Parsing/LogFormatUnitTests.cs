using System.Text;
using LogPipe.Parsing;

namespace LogPipe.Tests.Parsing;

public sealed class LogFormatUnitTests
{
    public static TheoryData<string, string> RefusedPatterns => new()
    {
        { "unsupported directive %Z", "%h %t \"%r\" %Z" },
        { "two adjacent fields", "%h%l %t \"%r\" %>s" },
        { "no %t", "%h \"%r\" %>s %b" },
        { "no %r", "%h %t %>s %b" },
        { "unclosed brace", "%h %t \"%r\" %{Referer" },
        { "incomplete directive at the end", "%h %t \"%r\" %" },
        { "non-ASCII literal", "%h %t \u00AB%r\u00BB" },
    };

    [Fact]
    public void Combined_compiles_to_its_literals_and_fields()
    {
        var described = LogFormat.Combined.Elements.Select(Describe);

        Assert.Equal(
            [
                "Client UntilTerminator ' '",
                "literal ' '",
                "LogName UntilTerminator ' '",
                "literal ' '",
                "User UntilTerminator ' '",
                "literal ' '",
                "Time Bracketed ' '",
                "literal ' \"'",
                "RequestLine Quoted '\"'",
                "literal '\" '",
                "Status UntilTerminator ' '",
                "literal ' '",
                "Bytes UntilTerminator ' '",
                "literal ' \"'",
                "Referer Quoted '\"'",
                "literal '\" \"'",
                "UserAgent Quoted '\"'",
                "literal '\"'",
            ],
            described);
    }

    [Fact]
    public void Last_field_of_a_format_reads_to_the_end_of_the_line()
    {
        var last = LogFormat.Common.Elements[^1];

        Assert.Equal("Bytes ToEnd", Describe(last));
    }

    [Fact]
    public void Time_request_and_status_are_required_when_the_format_has_them()
    {
        var expected = LogFormat.FieldBit(LogField.Time) | LogFormat.FieldBit(LogField.RequestLine) | LogFormat.FieldBit(LogField.Status);

        Assert.Equal(expected, LogFormat.Combined.RequiredFields);
        Assert.Equal(expected, LogFormat.Common.RequiredFields);
    }

    [Theory]
    [MemberData(nameof(RefusedPatterns))]
    public void Unusable_pattern_is_refused_with_a_format_exception(string description, string pattern)
    {
        var ex = Record.Exception(() => LogFormat.Compile("custom", pattern));

        Assert.True(ex is FormatException, $"{description}: expected a FormatException, got {ex?.GetType().Name ?? "none"}");
    }

    [Fact]
    public void Unsupported_directive_is_named_in_the_message()
    {
        var ex = Assert.Throws<FormatException>(() => LogFormat.Compile("custom", "%h %t \"%r\" %Z"));

        Assert.Contains("'%Z'", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("combined")]
    [InlineData("common")]
    [InlineData("vhost_combined")]
    public void Nickname_resolves_to_a_format_of_that_name(string nickname)
    {
        Assert.True(LogFormat.TryResolve(nickname, out var format, out var error));

        Assert.Null(error);
        Assert.Equal(nickname, format!.Name);
        Assert.Contains(nickname, LogFormat.Nicknames);
    }

    [Fact]
    public void Vhost_combined_is_the_combined_pattern_after_host_and_port()
    {
        Assert.True(LogFormat.TryResolve("vhost_combined", out var format, out _));

        Assert.Equal("%v:%p " + LogFormat.CombinedPattern, format!.Pattern);
    }

    [Fact]
    public void Raw_pattern_resolves_to_a_compiled_format()
    {
        const string Pattern = "%a %t \"%r\" %>s";

        Assert.True(LogFormat.TryResolve(Pattern, out var format, out var error));

        Assert.Null(error);
        Assert.Equal(Pattern, format!.Pattern);
    }

    [Fact]
    public void Unknown_name_is_refused_with_the_nicknames_listed()
    {
        Assert.False(LogFormat.TryResolve("apache", out var format, out var error));

        Assert.Null(format);
        Assert.Contains("unknown log format 'apache'", error, StringComparison.Ordinal);
        Assert.Contains("combined, common, vhost_combined", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_raw_pattern_is_refused_with_the_reason()
    {
        Assert.False(LogFormat.TryResolve("%h %r", out var format, out var error));

        Assert.Null(format);
        Assert.Contains("invalid log format '%h %r'", error, StringComparison.Ordinal);
        Assert.Contains("%t", error, StringComparison.Ordinal);
    }

    private static string Describe(FormatElement element) => element switch
    {
        { Literal: { } literal } => $"literal '{Encoding.ASCII.GetString(literal)}'",
        { Scan: FieldScan.ToEnd } => $"{element.Field} ToEnd",
        _ => $"{element.Field} {element.Scan} '{(char)element.Terminator}'",
    };
}
