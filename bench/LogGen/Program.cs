using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace LogPipe.LogGen;

/// <summary>Command line of loggen: parses the options by hand and writes the log and, optionally, the expected counts.</summary>
internal static class Program
{
    private const int ExitUsage = 64;
    private const int ExitIoError = 74;

    private const string Usage = """
        usage: loggen [options]
          --lines N       number of lines (default 10000)
          --days N        consecutive days the timestamps cover (default 1)
          --start DATE    first day, yyyy-MM-dd (default 2026-11-01)
          --paths N       distinct request targets (default 200)
          --zipf S        Zipf exponent of path popularity (default 1.1)
          --seed N        random seed (default 1)
          --bots F        share of bot lines, 0..1 (default 0.15)
          --ipv6 F        share of IPv6 clients, 0..1 (default 0.1)
          --odd F         share of odd/malformed lines, 0..1 (default 0.02)
          --format F      combined | common (default combined)
          --output FILE   write the log to FILE (default: standard output)
          --expected FILE write the expected page views (the default rule) as date<TAB>path<TAB>count lines, sorted
          --expected-count-all FILE  the same for --count-all: every GET under its target as logged
          --expected-reports FILE    write the reports (issue 16) a LogPipe run with --site-host www.example.com
                          must write, as JSON: {"site_host", "days": {date: {"views", "visitors", "pages",
                          "referrers", "campaigns", "statuses", "crawlers", "minutes"}}}, keys sorted; a key whose
                          bytes are not UTF-8 has each byte from 0x80 up as \xHH
          --quiet         no summary on standard error
          --help          this text
        """;

    public static int Main(string[] args)
    {
        var options = new GeneratorOptions();
        string? outputPath = null;
        string? expectedPath = null;
        string? expectedCountAllPath = null;
        string? expectedReportsPath = null;
        bool quiet = false;

        try
        {
            for (int i = 0; i < args.Length; i++)
            {
                string name = args[i];
                switch (name)
                {
                    case "-h" or "--help":
                        Console.Out.Write(Usage);
                        return 0;
                    case "--quiet":
                        quiet = true;
                        continue;
                    default:
                        break;
                }

                if (i + 1 >= args.Length)
                {
                    return Fail(name.StartsWith("--", StringComparison.Ordinal) ? $"{name} needs a value" : $"unexpected argument '{name}'");
                }

                string value = args[++i];
                switch (name)
                {
                    case "--lines":
                        options = options with { Lines = ParseInt(name, value, 0) };
                        break;
                    case "--days":
                        options = options with { Days = ParseInt(name, value, 1) };
                        break;
                    case "--start":
                        options = options with { StartDate = ParseDate(name, value) };
                        break;
                    case "--paths":
                        options = options with { DistinctPaths = ParseInt(name, value, 1) };
                        break;
                    case "--zipf":
                        options = options with { ZipfExponent = ParseDouble(name, value, 0, 10) };
                        break;
                    case "--seed":
                        options = options with { Seed = ParseInt(name, value, int.MinValue) };
                        break;
                    case "--bots":
                        options = options with { BotShare = ParseDouble(name, value, 0, 1) };
                        break;
                    case "--ipv6":
                        options = options with { Ipv6Share = ParseDouble(name, value, 0, 1) };
                        break;
                    case "--odd":
                        options = options with { OddShare = ParseDouble(name, value, 0, 1) };
                        break;
                    case "--format":
                        options = options with { Format = value };
                        break;
                    case "--output":
                        outputPath = value;
                        break;
                    case "--expected":
                        expectedPath = value;
                        break;
                    case "--expected-count-all":
                        expectedCountAllPath = value;
                        break;
                    case "--expected-reports":
                        expectedReportsPath = value;
                        break;
                    default:
                        return Fail(name.StartsWith('-') ? $"unknown option '{name}'" : $"unexpected argument '{name}'");
                }
            }

            options.Validate();
        }
        catch (UsageException e)
        {
            return Fail(e.Message);
        }
        catch (ArgumentException e)
        {
            return Fail(e.Message);
        }

        var generator = new AccessLogGenerator(options);
        var clock = Stopwatch.StartNew();
        long bytes;
        try
        {
            if (outputPath is null)
            {
                using Stream stdout = Console.OpenStandardOutput();
                generator.WriteTo(stdout);
                bytes = -1;
            }
            else
            {
                using var file = new FileStream(outputPath, FileMode.Create, FileAccess.Write, FileShare.Read, 1, FileOptions.SequentialScan);
                generator.WriteTo(file);
                bytes = file.Length;
            }

            if (expectedPath is not null)
            {
                using var writer = new StreamWriter(expectedPath, false, new UTF8Encoding(false));
                generator.Expected.WriteTsv(writer);
            }

            if (expectedCountAllPath is not null)
            {
                using var writer = new StreamWriter(expectedCountAllPath, false, new UTF8Encoding(false));
                generator.ExpectedCountAll.WriteTsv(writer);
            }

            if (expectedReportsPath is not null)
            {
                using var file = new FileStream(expectedReportsPath, FileMode.Create, FileAccess.Write);
                generator.ExpectedReports.WriteJson(file);
            }
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"loggen: {e.Message}");
            return ExitIoError;
        }
        catch (UnauthorizedAccessException e)
        {
            Console.Error.WriteLine($"loggen: {e.Message}");
            return ExitIoError;
        }

        if (!quiet)
        {
            ExpectedCounts expected = generator.Expected;
            string size = bytes >= 0 ? $", {bytes.ToString(CultureInfo.InvariantCulture)} bytes" : string.Empty;
            Console.Error.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"loggen: {expected.TotalLines} lines{size}, {expected.TotalCounted} page views ({generator.ExpectedCountAll.TotalCounted} GETs), {expected.Counts.Count} (date, path) keys, {clock.Elapsed.TotalSeconds:F2} s"));
        }

        return 0;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"loggen: {message}");
        Console.Error.WriteLine("run 'loggen --help' for the options");
        return ExitUsage;
    }

    private static int ParseInt(string name, string value, int min)
    {
        if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int result) || result < min)
        {
            throw new UsageException($"{name} needs a whole number >= {min.ToString(CultureInfo.InvariantCulture)}, got '{value}'");
        }

        return result;
    }

    private static double ParseDouble(string name, string value, double min, double max)
    {
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double result)
            || !double.IsFinite(result) || result < min || result > max)
        {
            throw new UsageException(string.Create(
                CultureInfo.InvariantCulture, $"{name} needs a number between {min} and {max}, got '{value}'"));
        }

        return result;
    }

    private static DateOnly ParseDate(string name, string value)
    {
        if (!DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly result))
        {
            throw new UsageException($"{name} needs a date as yyyy-MM-dd, got '{value}'");
        }

        return result;
    }
}
