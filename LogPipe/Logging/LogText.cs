using System.Text;

namespace LogPipe.Logging;

/// <summary>Makes untrusted bytes safe to put in a log line: printable ASCII as is, everything else as <c>\xhh</c>.</summary>
internal static class LogText
{
    public const int DefaultMaxBytes = 200;

    public static string Escape(ReadOnlySpan<byte> bytes, int maxBytes = DefaultMaxBytes)
    {
        var shown = bytes.Length > maxBytes ? bytes[..maxBytes] : bytes;
        var text = new StringBuilder(shown.Length + 16);
        foreach (var b in shown)
        {
            if (b is >= 0x20 and < 0x7F && b != (byte)'\\')
            {
                text.Append((char)b);
            }
            else
            {
                text.Append(b == (byte)'\\' ? "\\\\" : $"\\x{b:x2}");
            }
        }

        if (bytes.Length > maxBytes)
        {
            text.Append($"... ({bytes.Length} bytes)");
        }

        return text.ToString();
    }
}
