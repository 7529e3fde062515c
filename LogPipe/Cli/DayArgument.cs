using System.CommandLine.Parsing;
using System.Globalization;

namespace LogPipe.Cli;

/// <summary>Parses a day option's value: <c>yyyy-MM-dd</c>, <c>today</c> or <c>yesterday</c> (the local day, as the daemon's keys).</summary>
internal static class DayArgument
{
    public const string Syntax = "yyyy-MM-dd, today or yesterday";

    public static DateOnly? Parse(ArgumentResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
        if (TryParse(text, DateOnly.FromDateTime(DateTime.Now), out var day))
        {
            return day;
        }

        var option = result.Parent is OptionResult parent ? parent.Option.Name + ": " : string.Empty;
        result.AddError($"{option}'{text}' is not a day; expected {Syntax}");
        return null;
    }

    public static bool TryParse(string text, DateOnly today, out DateOnly day)
    {
        ArgumentNullException.ThrowIfNull(text);
        switch (text)
        {
            case "today":
                day = today;
                return true;
            case "yesterday":
                day = today.AddDays(-1);
                return true;
            default:
                return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);
        }
    }
}
