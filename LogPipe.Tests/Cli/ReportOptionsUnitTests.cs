using LogPipe.Cli;
using LogPipe.Reports;

namespace LogPipe.Tests.Cli;

public sealed class ReportOptionsUnitTests
{
    [Fact]
    public void By_default_every_report_is_kept_35_days_without_a_prefix()
    {
        var reports = Read().Reports;

        Assert.Equal(ReportKinds.All, reports.Reports);
        Assert.Equal(35, reports.KeepDays);
        Assert.Equal("", reports.KeyPrefix);
        Assert.Empty(reports.SiteHosts);
        Assert.Empty(reports.IgnoredReferrers);
    }

    [Fact]
    public void The_options_are_read_as_given()
    {
        var reports = Read("--reports", "views,pages", "--keep-days", "400", "--key-prefix", "blog:", "--site-host", "WWW.Example.com, example.com").Reports;

        Assert.Equal(ReportKinds.Views | ReportKinds.Pages, reports.Reports);
        Assert.Equal(400, reports.KeepDays);
        Assert.Equal("blog:", reports.KeyPrefix);
        Assert.Equal(["www.example.com", "example.com"], reports.SiteHosts);
    }

    [Fact]
    public void A_format_without_referer_or_user_agent_leaves_out_by_default_the_reports_it_cannot_feed()
    {
        Assert.Equal(ReportKinds.All & ~(ReportKinds.Referrers | ReportKinds.Crawlers), Read("--format", "common").Reports.Reports);
        Assert.Equal(ReportKinds.All & ~ReportKinds.Crawlers, Read("--count-crawlers").Reports.Reports);
        Assert.Equal(ReportKinds.All & ~ReportKinds.Crawlers, Read("--count-all").Reports.Reports);
    }

    [Theory]
    [InlineData("--reports: the referrers report needs the referer", "--format", "common", "--reports", "referrers")]
    [InlineData("--reports: the crawlers report needs the page-view rule to classify user agents", "--count-crawlers", "--reports", "views,crawlers")]
    [InlineData("--reports: the statuses report needs the status", "--format", "%h %t \"%r\"", "--reports", "statuses")]
    [InlineData("--reports: 'page' is no report", "--reports", "page")]
    [InlineData("--keep-days: '0' must be a whole number from 1 to 3650", "--keep-days", "0")]
    [InlineData("--keep-days: 'ever' must be", "--keep-days", "ever")]
    [InlineData("--keep-days: '3651' must be", "--keep-days", "3651")]
    [InlineData("--site-host: 'http://example.com' is not a host name", "--site-host", "http://example.com")]
    [InlineData("--key-prefix: must be at most 128 characters", "--key-prefix", "a\tb")]
    [InlineData("--key-template: 'view{path}' could name a report's key (views:...)", "--key-template", "view{path}")]
    [InlineData("--key-template: 'pages:{date}:{path}' could name a report's key (pages:...)", "--key-template", "pages:{date}:{path}")]
    public void A_wrong_value_or_a_report_that_cannot_be_fed_is_one_line_naming_the_option(string message, params string[] args)
    {
        var command = new LogPipeCommand();

        Assert.False(SettingsReader.TryRead(command, command.Root.Parse(args), _ => null, out _, out var error));

        Assert.StartsWith(message, error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error!);
    }

    [Fact]
    public void A_template_that_could_meet_a_report_is_accepted_when_no_report_is_kept()
    {
        Assert.Equal(ReportKinds.None, Read("--key-template", "view{path}", "--reports", "none").Reports.Reports);
    }

    [Fact]
    public void The_ignore_file_gives_hosts_one_a_line_with_comments()
    {
        using var directory = new Support.TempDirectory(nameof(The_ignore_file_gives_hosts_one_a_line_with_comments));
        var path = directory.File("spammers.txt");
        File.WriteAllText(path, "# referrer spam\nSpam.Example\n\n  other-spam.example  # seen in May\n");

        Assert.Equal(["spam.example", "other-spam.example"], Read("--ignore-referrers", path).Reports.IgnoredReferrers);
    }

    [Fact]
    public void An_ignore_file_that_is_missing_or_holds_no_host_names_is_refused_with_its_line()
    {
        using var directory = new Support.TempDirectory(nameof(An_ignore_file_that_is_missing_or_holds_no_host_names_is_refused_with_its_line));
        var path = directory.File("spammers.txt");
        File.WriteAllText(path, "spam.example\nhttps://bad.example/\n");
        var command = new LogPipeCommand();

        Assert.False(SettingsReader.TryRead(command, command.Root.Parse(["--ignore-referrers", path]), _ => null, out _, out var bad));
        Assert.False(SettingsReader.TryRead(command, command.Root.Parse(["--ignore-referrers", directory.File("missing.txt")]), _ => null, out _, out var missing));

        Assert.Equal($"--ignore-referrers: {path}:2: 'https://bad.example/' is not a host name", bad);
        Assert.StartsWith("--ignore-referrers: cannot read", missing, StringComparison.Ordinal);
    }

    private static Settings Read(params string[] args)
    {
        var command = new LogPipeCommand();
        var parsed = command.Root.Parse(args);
        Assert.Empty(parsed.Errors);
        Assert.True(SettingsReader.TryRead(command, parsed, _ => null, out var settings, out var error), error);
        return settings!;
    }
}
