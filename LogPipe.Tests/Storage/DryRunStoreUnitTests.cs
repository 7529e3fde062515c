using LogPipe.Storage;

namespace LogPipe.Tests.Storage;

public sealed class DryRunStoreUnitTests
{
    [Theory]
    [InlineData("hits:2026-11-29:/articles/42")]
    [InlineData(@"hits:2026-11-29:/caf\xc3\xa9")]
    [InlineData("hits:2026-11-29:(other)")]
    public void A_key_of_printable_ASCII_without_spaces_or_quotes_is_printed_as_it_is(string key)
    {
        Assert.Equal(key, DryRunStore.QuoteKey(key));
    }

    [Theory]
    [InlineData("hits:/caf\u00c3\u00a9", @"""hits:/caf\xc3\xa9""")]
    [InlineData("hits:/a b", @"""hits:/a b""")]
    [InlineData("hits:/a\"b\\c", @"""hits:/a\""b\\c""")]
    [InlineData("hits:/it's", @"""hits:/it's""")]
    [InlineData("hits:\n\r\t\a\b\u0000\u007f\u00ff", @"""hits:\n\r\t\a\b\x00\x7f\xff""")]
    [InlineData("", @"""""")]
    public void Any_other_key_is_quoted_with_the_escapes_redis_cli_shows_and_reads(string key, string printed)
    {
        Assert.Equal(printed, DryRunStore.QuoteKey(key));
    }
}
