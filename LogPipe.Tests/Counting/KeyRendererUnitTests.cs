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
    public void Keys_are_those_the_template_renders_as_the_day_changes(string text)
    {
        Assert.True(KeyTemplate.TryParse(text, out var template, out var error), error);
        var renderer = new KeyRenderer(template!);
        var expected = new byte[template!.MaxKeyLength(64)];
        var actual = new byte[template.MaxKeyLength(64)];
        string[] dates = ["2026-11-29", "2026-11-29", "2026-11-30", "2026-11-29", "2027-01-01"];
        string[] paths = ["/a", "/articles/42?page=2", "", "/a", "/ü"];

        for (var i = 0; i < dates.Length; i++)
        {
            var date = Encoding.ASCII.GetBytes(dates[i]);
            var path = Encoding.UTF8.GetBytes(paths[i]);

            var expectedLength = template.Render(date, path, expected);
            var actualLength = renderer.Render(date, path, actual);

            Assert.Equal(Encoding.UTF8.GetString(expected, 0, expectedLength), Encoding.UTF8.GetString(actual, 0, actualLength));
        }
    }

    [Fact]
    public void Date_of_another_length_is_refused()
    {
        Assert.True(KeyTemplate.TryParse(KeyTemplate.Default, out var template, out _));
        var renderer = new KeyRenderer(template!);

        Assert.Throws<ArgumentOutOfRangeException>(() => renderer.Render("2026-1-1"u8, "/a"u8, new byte[64]));
    }
}
