using System.Text;
using LogPipe.Counting;

namespace LogPipe.Tests.Counting;

public sealed class KeyRendererUnitTests
{
    [Theory]
    [InlineData(KeyTemplate.Default)]
    [InlineData("{date}{path}")]
    [InlineData("zähler:{path}")]
    [InlineData("{path}:{date}")]
    [InlineData("v:{date}:{path}|{date}|{path}")]
    [InlineData("hits:{host}:{date}:{path}")]
    [InlineData("hits:{date}:{path}@{host}")]
    public void Keys_are_those_the_template_renders_as_the_day_and_host_change(string text)
    {
        Assert.True(KeyTemplate.TryParse(text, out var template, out var error), error);
        var renderer = new KeyRenderer(template!);
        var expected = new byte[template!.MaxKeyLength(64)];
        var actual = new byte[template.MaxKeyLength(64)];
        string[] dates = ["2026-11-29", "2026-11-29", "2026-11-30", "2026-11-29", "2027-01-01"];
        string[] paths = ["/a", "/articles/42?page=2", "", "/a", "/ü"];
        string[] hosts = ["www.example.com", "example.org", "example.org", "www.example.com", "www.example.com"];

        for (var i = 0; i < dates.Length; i++)
        {
            var date = Encoding.ASCII.GetBytes(dates[i]);
            var path = Encoding.UTF8.GetBytes(paths[i]);
            var host = Encoding.ASCII.GetBytes(hosts[i]);

            var expectedLength = template.Render(date, host, path, expected);
            var actualLength = renderer.Render(date, host, path, actual);

            Assert.Equal(Encoding.UTF8.GetString(expected, 0, expectedLength), Encoding.UTF8.GetString(actual, 0, actualLength));
        }
    }

    [Fact]
    public void Date_of_another_length_is_refused()
    {
        Assert.True(KeyTemplate.TryParse(KeyTemplate.Default, out var template, out _));
        var renderer = new KeyRenderer(template!);

        Assert.Throws<ArgumentOutOfRangeException>(() => renderer.Render("2026-1-1"u8, default, "/a"u8, new byte[64]));
    }
}
