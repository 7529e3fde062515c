using System.Text;
using LogPipe.Filtering;

namespace LogPipe.Tests.Filtering;

public sealed class AssetFilterUnitTests
{
    [Theory]
    [InlineData("/static/site.css", true)]
    [InlineData("/static/SITE.CSS", true)]
    [InlineData("/img/a.b.PnG", true)]
    [InlineData("/fonts/x.woff2", true)]
    [InlineData("/robots.txt", true)]
    [InlineData("/a.7z", true)]
    [InlineData("/", false)]
    [InlineData("/articles/42", false)]
    [InlineData("/index.html", false)]
    [InlineData("/cssfile", false)]
    [InlineData("/static.css/page", false)]
    [InlineData("/trailing.", false)]
    [InlineData("/.css", true)]
    [InlineData("/a.cssx", false)]
    [InlineData("/a.verylongext", false)]
    [InlineData("", false)]
    public void The_default_list_judges_the_last_segments_extension_in_any_case(string path, bool expected)
    {
        Assert.True(AssetFilter.TryParse(AssetFilter.Default, out var filter, out var error), error);

        Assert.Equal(expected, filter!.Matches(Encoding.ASCII.GetBytes(path)));
    }

    [Fact]
    public void Every_extension_of_the_default_list_is_an_asset_and_none_is_a_page()
    {
        Assert.True(AssetFilter.TryParse(AssetFilter.Default, out var filter, out var error), error);

        foreach (var extension in AssetFilter.Default.Split(' '))
        {
            Assert.True(filter!.Matches(Encoding.ASCII.GetBytes("/x." + extension)), extension);
            Assert.True(filter.Matches(Encoding.ASCII.GetBytes("/x." + extension.ToUpperInvariant())), extension);
            Assert.False(filter.Matches(Encoding.ASCII.GetBytes("/x." + extension + "z")), extension + "z");
        }
    }

    [Fact]
    public void A_custom_list_takes_dots_commas_and_spaces_and_an_empty_one_has_no_assets()
    {
        Assert.True(AssetFilter.TryParse(".JSON, wasm", out var custom, out var error), error);
        Assert.True(AssetFilter.TryParse("", out var none, out error), error);

        Assert.True(custom!.Matches("/api/data.json"u8));
        Assert.True(custom.Matches("/app.wasm"u8));
        Assert.False(custom.Matches("/site.css"u8));
        Assert.False(none!.Matches("/site.css"u8));
    }

    [Theory]
    [InlineData("toolongext")]
    [InlineData("c/s")]
    [InlineData("c+s")]
    [InlineData(".")]
    public void An_extension_that_cannot_end_a_path_segment_is_refused(string text)
    {
        Assert.False(AssetFilter.TryParse(text, out _, out var error));

        Assert.False(string.IsNullOrEmpty(error));
    }
}
