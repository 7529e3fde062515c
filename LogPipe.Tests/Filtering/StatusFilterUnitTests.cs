using System.Text;
using LogPipe.Filtering;

namespace LogPipe.Tests.Filtering;

public sealed class StatusFilterUnitTests
{
    [Theory]
    [InlineData("200", true)]
    [InlineData("204", true)]
    [InlineData("299", true)]
    [InlineData("304", true)]
    [InlineData("199", false)]
    [InlineData("300", false)]
    [InlineData("301", false)]
    [InlineData("404", false)]
    [InlineData("500", false)]
    [InlineData("20", false)]
    [InlineData("2000", false)]
    [InlineData("", false)]
    public void The_default_counts_2xx_and_304_only(string status, bool expected)
    {
        Assert.True(StatusFilter.TryParse(StatusFilter.Default, out var filter, out var error), error);

        Assert.Equal(expected, filter!.Matches(Encoding.ASCII.GetBytes(status)));
    }

    [Fact]
    public void Codes_and_ranges_combine_and_every_code_of_a_range_counts()
    {
        Assert.True(StatusFilter.TryParse(" 100-103, 410 ,599", out var filter, out var error), error);

        for (var code = 100; code <= 599; code++)
        {
            var expected = code is >= 100 and <= 103 or 410 or 599;
            Assert.True(expected == filter!.Matches(Encoding.ASCII.GetBytes(code.ToString(System.Globalization.CultureInfo.InvariantCulture))), $"status {code}");
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("2xx")]
    [InlineData("299-200")]
    [InlineData("99")]
    [InlineData("600")]
    [InlineData("200-")]
    [InlineData("0200")]
    public void A_list_that_names_no_real_status_is_refused_with_a_reason(string text)
    {
        Assert.False(StatusFilter.TryParse(text, out var filter, out var error));

        Assert.Null(filter);
        Assert.False(string.IsNullOrEmpty(error));
    }
}
