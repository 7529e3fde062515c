using LogPipe.Reports;

namespace LogPipe.Tests.Reports;

public sealed class ReportCatalogUnitTests
{
    [Theory]
    [InlineData("all", (int)ReportKinds.All)]
    [InlineData("none", (int)ReportKinds.None)]
    [InlineData("views", (int)ReportKinds.Views)]
    [InlineData("pages, referrers,minutes", (int)(ReportKinds.Pages | ReportKinds.Referrers | ReportKinds.Minutes))]
    public void Reports_are_named_alone_or_in_a_list(string text, int kinds)
    {
        Assert.True(ReportCatalog.TryParse(text, out var parsed, out var error), error);
        Assert.Equal((ReportKinds)kinds, parsed);
    }

    [Theory]
    [InlineData("", "names no report")]
    [InlineData("page", "'page' is no report")]
    [InlineData("views,all", "'all' is no report")]
    [InlineData("Views", "'Views' is no report")]
    public void A_wrong_name_is_refused_with_the_names_that_exist(string text, string message)
    {
        Assert.False(ReportCatalog.TryParse(text, out _, out var error));
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_report_has_its_own_counter_id_after_the_page_counters()
    {
        var ids = ReportCatalog.Entries.Select(entry => entry.Id).ToList();

        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.DoesNotContain(LogPipe.Counting.CounterDefinition.PageViewsId, ids);
        Assert.Equal(ReportKinds.All, ReportCatalog.Entries.Aggregate(ReportKinds.None, (all, entry) => all | entry.Kind));
    }
}
