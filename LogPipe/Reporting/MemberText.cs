using System.Buffers;
using System.Globalization;
using System.Text;

namespace LogPipe.Reporting;

/// <summary>
/// A member's bytes (a path, a referrer, a campaign, as a request sent them) as text that cannot break what shows it:
/// a control character would move a terminal's cursor or end a CSV row. Escapes are <c>\xHH</c>, as Apache writes them.
/// </summary>
internal static class MemberText
{
    /// <summary>
    /// Printable ASCII as is, every other byte as <c>\xHH</c>: one column per character in a terminal, whatever its
    /// locale, so that columns line up and no sequence reaches the terminal.
    /// </summary>
    public static string ForDisplay(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder(bytes.Length);
        foreach (var b in bytes)
        {
            if (b is >= 0x20 and < 0x7f)
            {
                text.Append((char)b);
            }
            else
            {
                AppendEscape(text, b);
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// UTF-8 text where the bytes are valid UTF-8 and printable; each byte of a control character or of an invalid
    /// sequence as <c>\xHH</c>. For JSON and CSV, whose readers expect Unicode text.
    /// </summary>
    public static string ForData(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder(bytes.Length);
        while (!bytes.IsEmpty)
        {
            var status = Rune.DecodeFromUtf8(bytes, out var rune, out var consumed);
            if (status == OperationStatus.Done && !Rune.IsControl(rune))
            {
                text.Append(rune.ToString());
            }
            else
            {
                foreach (var b in bytes[..consumed])
                {
                    AppendEscape(text, b);
                }
            }

            bytes = bytes[consumed..];
        }

        return text.ToString();
    }

    private static void AppendEscape(StringBuilder text, byte b) =>
        text.Append("\\x").Append(b.ToString("x2", CultureInfo.InvariantCulture));
}
