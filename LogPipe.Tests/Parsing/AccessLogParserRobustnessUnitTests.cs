using System.Text;
using LogPipe.Parsing;

namespace LogPipe.Tests.Parsing;

public sealed class AccessLogParserRobustnessUnitTests
{
    // The day Apache 2.2.14 came out: any fixed seed works, a fixed one makes a failure reproducible.
    private const int Seed = 20091002;
    private const int MutationsPerLine = 600;
    private const int RandomLines = 3000;

    private static readonly CommonPrefixParser s_commonPrefix = CommonPrefixParser.TryCreate(LogFormat.Combined)!;

    private static readonly AccessLogParser[] s_parsers =
    [
        new(LogFormat.Combined),
        new(LogFormat.Common),
        new(Resolve("vhost_combined")),
        new(Resolve(AccessLogParserUnitTests.CustomPattern)),
    ];

    [Fact]
    public void Every_sample_line_parses_with_at_least_one_format()
    {
        foreach (var line in MutatedLines.Valid)
        {
            Assert.True(s_parsers.Any(parser => parser.TryParse(line, out _)), Encoding.Latin1.GetString(line));
        }
    }

    [Fact]
    public void Mutated_and_random_lines_never_throw_and_fields_stay_inside_the_line()
    {
        var accepted = 0;
        var refused = 0;
        foreach (var line in MutatedLines.Generate(Seed, MutationsPerLine, RandomLines))
        {
            CheckAllParsers(line, ref accepted, ref refused);
        }

        // Both outcomes must have been exercised, or the mutations were too gentle or too harsh to prove anything.
        Assert.InRange(accepted, 1000, int.MaxValue);
        Assert.InRange(refused, 1000, int.MaxValue);
    }

    [Fact]
    public void Reading_only_the_required_fields_gives_what_reading_every_field_gives()
    {
        var agreed = 0;
        var fastPathAccepted = 0;
        foreach (var line in MutatedLines.Generate(Seed, MutationsPerLine, RandomLines))
        {
            foreach (var parser in s_parsers)
            {
                var all = parser.TryParse(line, out var full);
                var required = parser.TryParseRequired(line, out var fast);
                Assert.True(all == required, $"TryParse said {all}, TryParseRequired {required}, for line {Convert.ToHexString(line)}");
                if (all)
                {
                    RequiredFields.AssertSame(full, fast, line);
                    agreed++;
                }
            }

            var common = new LogEntry();
            fastPathAccepted += s_commonPrefix.TryParse(line, ref common) ? 1 : 0;
        }

        // The mutants must reach the fast path often, or this proved nothing about it.
        Assert.InRange(fastPathAccepted, 1000, int.MaxValue);
        Assert.InRange(agreed, 1000, int.MaxValue);
    }

    [Fact]
    public void The_referer_and_user_agent_read_with_the_required_fields_are_what_reading_every_field_gives()
    {
        var wanted = LogFormat.FieldBit(LogField.Referer) | LogFormat.FieldBit(LogField.UserAgent) | LogFormat.FieldBit(LogField.Bytes);
        var withTail = new AccessLogParser(LogFormat.Combined, wanted, []);
        var every = new AccessLogParser(LogFormat.Combined);
        var withAgent = 0;
        foreach (var line in MutatedLines.Generate(Seed, MutationsPerLine, RandomLines))
        {
            var all = every.TryParse(line, out var full);
            Assert.Equal(all, withTail.TryParseRequired(line, out var fast));
            if (all)
            {
                RequiredFields.AssertSame(full, fast, line);
                Assert.True(full.Referer.SequenceEqual(fast.Referer), $"referer of {Convert.ToHexString(line)}");
                Assert.True(full.UserAgent.SequenceEqual(fast.UserAgent), $"user agent of {Convert.ToHexString(line)}");
                Assert.True(full.Bytes.SequenceEqual(fast.Bytes), $"size of {Convert.ToHexString(line)}");
                withAgent += fast.UserAgent.IsEmpty ? 0 : 1;
            }
        }

        Assert.InRange(withAgent, 1000, int.MaxValue);
    }

    [Fact]
    public void The_user_agent_of_a_plain_line_waits_for_read_wanted_and_then_is_what_reading_every_field_gives()
    {
        var parser = new AccessLogParser(LogFormat.Combined, LogFormat.FieldBit(LogField.UserAgent), []);
        var line = """192.0.2.1 - - [29/Nov/2026:08:00:00 +0100] "GET /a HTTP/1.1" 200 5 "https://example.org/" "Mozilla/5.0 (X11; Linux x86_64)" """u8.TrimEnd((byte)' ');

        Assert.True(parser.TryParseRequiredFirst(line, out var entry));
        Assert.True(entry.UserAgent.IsEmpty);
        parser.ReadWanted(line, ref entry);
        parser.ReadWanted(line, ref entry);

        Assert.Equal("Mozilla/5.0 (X11; Linux x86_64)", Encoding.ASCII.GetString(entry.UserAgent));
        Assert.Equal(0, entry.WantedFieldsAt);
    }

    [Fact]
    public void Parsing_allocates_nothing()
    {
        const int Parses = 100_000;
        var parser = new AccessLogParser(LogFormat.Combined);
        var lines = MutatedLines.Valid;
        var parsed = 0;
        for (var i = 0; i < 1000; i++)
        {
            parsed += parser.TryParse(lines[i % lines.Length], out _) ? 1 : 0;
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Parses; i++)
        {
            if (parser.TryParse(lines[i % lines.Length], out var entry))
            {
                parsed += entry.Status.Length;
            }
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.True(parsed > Parses, "the loop must have parsed lines, or it measured nothing");
    }

    private static void CheckAllParsers(byte[] line, ref int accepted, ref int refused)
    {
        foreach (var parser in s_parsers)
        {
            bool ok;
            LogEntry entry;
            try
            {
                ok = parser.TryParse(line, out entry);
            }
            catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
            {
                Assert.Fail($"TryParse threw {ex.GetType().Name} for line {Convert.ToHexString(line)}: {ex}");
                return;
            }

            if (!ok)
            {
                refused++;
                continue;
            }

            accepted++;
            AssertInside(line, entry.Client, line);
            AssertInside(line, entry.User, line);
            AssertInside(line, entry.VirtualHost, line);
            AssertInside(line, entry.Time, line);
            AssertInside(line, entry.RequestLine, line);
            AssertInside(line, entry.Status, line);
            AssertInside(line, entry.Bytes, line);
            AssertInside(line, entry.Referer, line);
            AssertInside(line, entry.UserAgent, line);
            AssertInside(entry.RequestLine, entry.Method, line);
            AssertInside(entry.RequestLine, entry.Target, line);
            AssertInside(entry.RequestLine, entry.Protocol, line);
            if (!entry.Status.IsEmpty && (entry.Status.Length != 3 || entry.Status.ContainsAnyExceptInRange((byte)'0', (byte)'9')))
            {
                Assert.Fail($"status '{ExpectedEntry.Text(entry.Status)}' is not three digits in line {Convert.ToHexString(line)}");
            }

            if (entry.Time.Length < 2 || entry.Time[0] != (byte)'[' || entry.Time[^1] != (byte)']')
            {
                Assert.Fail($"time '{ExpectedEntry.Text(entry.Time)}' is not bracketed in line {Convert.ToHexString(line)}");
            }
        }
    }

    private static void AssertInside(ReadOnlySpan<byte> outer, ReadOnlySpan<byte> field, byte[] line)
    {
        if (field.IsEmpty)
        {
            return;
        }

        if (!outer.Overlaps(field, out var offset) || offset < 0 || offset + field.Length > outer.Length)
        {
            Assert.Fail($"field '{ExpectedEntry.Text(field)}' lies outside its span in line {Convert.ToHexString(line)}");
        }
    }


    private static LogFormat Resolve(string nameOrPattern)
    {
        Assert.True(LogFormat.TryResolve(nameOrPattern, out var format, out var error), error);
        return format!;
    }
}
