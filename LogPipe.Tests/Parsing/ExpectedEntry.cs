using System.Text;
using LogPipe.Parsing;

namespace LogPipe.Tests.Parsing;

/// <summary>
/// The fields a test expects <see cref="AccessLogParser"/> to find, as Latin-1 text so that every byte value
/// (raw 0xC3, 0xFF) has exactly one character. An empty string means the field must be empty.
/// </summary>
public sealed record ExpectedEntry(
    string Client,
    string Time,
    string Method,
    string Target,
    string Protocol,
    string Status,
    string Bytes,
    string Referer,
    string UserAgent,
    string User = "-",
    string VirtualHost = "")
{
    internal void AssertMatches(LogEntry entry)
    {
        Assert.Equal(Client, Text(entry.Client));
        Assert.Equal(Time, Text(entry.Time));
        Assert.Equal(Method, Text(entry.Method));
        Assert.Equal(Target, Text(entry.Target));
        Assert.Equal(Protocol, Text(entry.Protocol));
        Assert.Equal(Status, Text(entry.Status));
        Assert.Equal(Bytes, Text(entry.Bytes));
        Assert.Equal(Referer, Text(entry.Referer));
        Assert.Equal(UserAgent, Text(entry.UserAgent));
        Assert.Equal(User, Text(entry.User));
        Assert.Equal(VirtualHost, Text(entry.VirtualHost));
    }

    internal static string Text(ReadOnlySpan<byte> field) => Encoding.Latin1.GetString(field);
}
