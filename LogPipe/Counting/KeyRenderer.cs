using System.Runtime.InteropServices;
using LogPipe.Parsing;

namespace LogPipe.Counting;

/// <summary>
/// Renders the keys of a <see cref="KeyTemplate"/> for one reader. What comes before <c>{path}</c> depends only on the
/// day (<c>hits:2026-11-29:</c>), so it is rendered once per day and copied for every line of that day. A template with
/// <c>{host}</c> before <c>{path}</c> has no such head: its keys are rendered whole.
/// </summary>
internal sealed class KeyRenderer
{
    private readonly KeyTemplate _template;
    private readonly byte[] _head;
    private readonly bool _endsWithOnlyPath;
    private readonly bool _headUsesHost;
    private int _headLength;

    // The date the head was rendered for, as two words; valid only once _known is set.
    private ulong _dateStart;
    private ushort _dateEnd;
    private bool _known;

    public KeyRenderer(KeyTemplate template)
    {
        ArgumentNullException.ThrowIfNull(template);
        _template = template;
        _head = new byte[template.HeadLength];
        _endsWithOnlyPath = template.EndsWithOnlyPath;
        _headUsesHost = template.HeadUsesHost;
    }

    /// <summary>
    /// Same result as <see cref="KeyTemplate.Render"/> for a <c>yyyy-MM-dd</c> <paramref name="date"/>, into a
    /// destination of <see cref="KeyTemplate.MaxKeyLength"/> bytes.
    /// </summary>
    public int Render(ReadOnlySpan<byte> date, ReadOnlySpan<byte> host, ReadOnlySpan<byte> path, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(date.Length, ApacheTimestamp.DateLength);
        if (_headUsesHost)
        {
            return _template.Render(date, host, path, destination);
        }

        var dateStart = MemoryMarshal.Read<ulong>(date);
        var dateEnd = MemoryMarshal.Read<ushort>(date[sizeof(ulong)..]);
        if (!_known || dateStart != _dateStart || dateEnd != _dateEnd)
        {
            _headLength = _template.RenderHead(date, default, _head);
            _dateStart = dateStart;
            _dateEnd = dateEnd;
            _known = true;
        }

        ShortBytes.Copy(_head.AsSpan(0, _headLength), destination);
        if (_endsWithOnlyPath)
        {
            ShortBytes.Copy(path, destination[_headLength..]);
            return _headLength + path.Length;
        }

        return _headLength + _template.RenderFromPath(date, host, path, destination[_headLength..]);
    }
}
