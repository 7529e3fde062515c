using System.Text;
using LogPipe.Counting;
using LogPipe.Parsing;

namespace LogPipe.Tests.Counting;

public sealed class KeyTemplateUnitTests
{
    [Fact]
    public void Default_template_puts_date_then_path_after_hits()
    {
        Assert.Equal("hits:2026-11-29:/a?b=1", Render(KeyTemplate.Default, "2026-11-29", "/a?b=1"));
    }

    [Fact]
    public void Template_of_the_2009_script_is_date_then_path()
    {
        Assert.Equal("2026-11-29/a", Render("{date}{path}", "2026-11-29", "/a"));
    }

    [Fact]
    public void Template_may_hold_only_the_path_and_non_ASCII_text()
    {
        Assert.Equal("zähler:/a", Render("zähler:{path}", "2026-11-29", "/a"));
    }

    [Fact]
    public void Host_placeholder_puts_the_virtual_host_in_the_key()
    {
        Assert.Equal("hits:www.example.com:2026-11-29:/a", Render("hits:{host}:{date}:{path}", "2026-11-29", "/a", "www.example.com"));
        Assert.Equal("2026-11-29/a@example.org", Render("{date}{path}@{host}", "2026-11-29", "/a", "example.org"));
    }

    [Theory]
    [InlineData(KeyTemplate.Default, false, false)]
    [InlineData("hits:{host}:{date}:{path}", true, true)]
    [InlineData("hits:{date}:{path}@{host}", true, false)]
    public void A_template_tells_whether_it_needs_the_host_and_where(string text, bool usesHost, bool headUsesHost)
    {
        Assert.True(KeyTemplate.TryParse(text, out var template, out _));

        Assert.Equal(usesHost, template!.UsesHost);
        Assert.Equal(headUsesHost, template.HeadUsesHost);
    }

    [Fact]
    public void Template_without_path_is_refused_naming_the_placeholder()
    {
        Assert.Contains("{path}", Refused("hits:{date}"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("hits:{Host}:{path}")]
    [InlineData("hits:{vhost}:{path}")]
    [InlineData("hits:{Date}:{path}")]
    [InlineData("hits:{dat:{path}")]
    [InlineData("{path}{")]
    public void Unknown_placeholder_is_refused(string text)
    {
        var error = Refused(text);

        Assert.Contains("placeholder", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("hits:{date}:{pth}", "'{pth}'")]
    [InlineData("hits:{Date}:{path}", "'{Date}'")]
    [InlineData("hits:{dat:{path}", "'{dat:'")]
    public void A_misspelt_placeholder_is_named_rather_than_reported_as_a_missing_path(string text, string named)
    {
        Assert.False(KeyTemplate.TryParse(text, out _, out var error));

        Assert.Contains($"unknown placeholder {named}", error, StringComparison.Ordinal);
        Assert.DoesNotContain("must contain", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("hits}:{path}")]
    [InlineData("hits:{path}}")]
    [InlineData("{date}}{path}")]
    public void Stray_closing_brace_is_refused(string text)
    {
        var error = Refused(text);

        Assert.Contains("'}'", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(KeyTemplate.Default)]
    [InlineData("{date}{path}")]
    [InlineData("p{path}")]
    [InlineData("zähler:{path}:{date}:{date}")]
    [InlineData("h:{host}:{date}:{path}")]
    public void Max_key_length_is_an_upper_bound_that_a_longest_path_and_host_reach(string text)
    {
        Assert.True(KeyTemplate.TryParse(text, out var template, out _));
        const int MaxFieldLength = 300;
        var longest = new byte[template!.MaxKeyLength(MaxFieldLength)];
        var date = "2026-11-29"u8;
        var longField = Encoding.ASCII.GetBytes(new string('p', MaxFieldLength));

        var shortLength = template.Render(date, "h"u8, "/a"u8, longest);
        var longLength = template.Render(date, longField, longField, longest);

        Assert.True(shortLength < longest.Length);
        Assert.Equal(longest.Length, longLength);
    }

    [Theory]
    [InlineData("{path}")]
    [InlineData("{path}:hits")]
    [InlineData("{host}:{date}:{path}")]
    [InlineData("{host}{path}")]
    public void A_template_that_starts_with_the_path_or_host_is_refused_as_a_request_could_name_any_key(string text)
    {
        var error = Refused(text);

        Assert.Contains("start it with literal text", error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error);
    }

    [Theory]
    [InlineData("logpipe:{path}")]
    [InlineData("logpipe:stats:{path}")]
    [InlineData("log{path}")]
    [InlineData("l{host}:{date}:{path}")]
    [InlineData("logpipe:{date}:{path}")]
    public void A_template_whose_keys_could_fall_among_LogPipe_own_keys_is_refused(string text)
    {
        var error = Refused(text);

        Assert.Contains(KeyTemplate.ReservedPrefix, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{date}{path}")]
    [InlineData("l{date}{path}")]
    [InlineData("logpipe-hits:{path}")]
    [InlineData("LOGPIPE:{path}")]
    [InlineData("hits:{host}:{date}:{path}")]
    public void A_template_that_starts_with_literal_text_or_the_date_outside_LogPipe_own_keys_is_accepted(string text)
    {
        Assert.True(KeyTemplate.TryParse(text, out _, out var error), error);
    }

    [Fact]
    public void A_template_with_more_placeholders_than_a_key_needs_is_refused()
    {
        var twoHundredPaths = "hits:" + string.Concat(Enumerable.Repeat("{path}", 200));

        Assert.Contains($"more than {KeyTemplate.MaxPlaceholders} placeholders", Refused(twoHundredPaths), StringComparison.Ordinal);
        Assert.Contains("placeholders", Refused("hits:{host}:{date}:{path}:{path}:{date}"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_template_with_more_literal_text_than_a_prefix_needs_is_refused()
    {
        var longPrefix = new string('h', KeyTemplate.MaxLiteralLength) + ":{path}";

        var error = Refused(longPrefix);

        Assert.Contains($"at most {KeyTemplate.MaxLiteralLength}", error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_largest_template_allowed_renders_keys_for_the_longest_path_within_an_array()
    {
        var largest = new string('h', KeyTemplate.MaxLiteralLength - 1) + ":" + string.Concat(Enumerable.Repeat("{path}", KeyTemplate.MaxPlaceholders));
        Assert.True(KeyTemplate.TryParse(largest, out var template, out var error), error);

        Assert.Equal(KeyTemplate.MaxLiteralLength + (KeyTemplate.MaxPlaceholders * 65536), template!.MaxKeyLength(65536));
        Assert.Throws<ArgumentOutOfRangeException>(() => template.MaxKeyLength(int.MaxValue / 2));
    }

    [Fact]
    public void Literal_length_counts_bytes_not_characters()
    {
        Assert.True(KeyTemplate.TryParse("zähler:{date}:{path}", out var template, out _));

        Assert.Equal(Encoding.UTF8.GetByteCount("zähler::"), template!.LiteralLength);
        Assert.Equal(9 + ApacheTimestamp.DateLength + 5, template.MaxKeyLength(5));
    }

    // The one-line error of a refused template, which leaves no template behind.
    private static string Refused(string text)
    {
        Assert.False(KeyTemplate.TryParse(text, out var template, out var error));
        Assert.Null(template);
        return error!;
    }

    private static string Render(string text, string date, string path, string host = "")
    {
        Assert.True(KeyTemplate.TryParse(text, out var template, out var error), error);
        var pathBytes = Encoding.UTF8.GetBytes(path);
        var hostBytes = Encoding.UTF8.GetBytes(host);
        var destination = new byte[template!.MaxKeyLength(Math.Max(pathBytes.Length, hostBytes.Length))];

        var length = template.Render(Encoding.ASCII.GetBytes(date), hostBytes, pathBytes, destination);

        return Encoding.UTF8.GetString(destination, 0, length);
    }
}
