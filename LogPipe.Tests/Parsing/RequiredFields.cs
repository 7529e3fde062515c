using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using LogPipe.Parsing;

namespace LogPipe.Tests.Parsing;

/// <summary>Compares the fields a line needs to count (time, request line and its parts, status) by position, not only by value.</summary>
internal static class RequiredFields
{
    public static void AssertSame(LogEntry expected, LogEntry actual, byte[] line)
    {
        AssertSameSlice("time", expected.Time, actual.Time, line);
        AssertSameSlice("request line", expected.RequestLine, actual.RequestLine, line);
        AssertSameSlice("method", expected.Method, actual.Method, line);
        AssertSameSlice("target", expected.Target, actual.Target, line);
        AssertSameSlice("protocol", expected.Protocol, actual.Protocol, line);
        AssertSameSlice("status", expected.Status, actual.Status, line);
    }

    private static void AssertSameSlice(string name, ReadOnlySpan<byte> expected, ReadOnlySpan<byte> actual, byte[] line)
    {
        var same = expected.Length == actual.Length
            && (expected.IsEmpty || Unsafe.AreSame(ref MemoryMarshal.GetReference(expected), ref MemoryMarshal.GetReference(actual)));
        if (!same)
        {
            Assert.Fail($"{name}: expected '{ExpectedEntry.Text(expected)}', got '{ExpectedEntry.Text(actual)}' in line {Convert.ToHexString(line)}");
        }
    }
}
