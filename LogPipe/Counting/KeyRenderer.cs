using System.Runtime.CompilerServices;
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
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Render(ReadOnlySpan<byte> date, ReadOnlySpan<byte> host, ReadOnlySpan<byte> path, Span<byte> destination)
    {
        // The usual case, inline in the caller (a call and its set-up were a third of the work): a template that ends with
        // {path} and whose head, already rendered for this day, holds no {host}; _known is set only for such a head.
        if (_endsWithOnlyPath && date.Length == ApacheTimestamp.DateLength && HeadIsFor(date))
        {
            return HeadThenPath(path, destination);
        }

        return RenderOtherwise(date, host, path, destination);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private int RenderOtherwise(ReadOnlySpan<byte> date, ReadOnlySpan<byte> host, ReadOnlySpan<byte> path, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(date.Length, ApacheTimestamp.DateLength);
        if (_headUsesHost)
        {
            return _template.Render(date, host, path, destination);
        }

        if (!HeadIsFor(date))
        {
            _headLength = _template.RenderHead(date, default, _head);
            _dateStart = MemoryMarshal.Read<ulong>(date);
            _dateEnd = MemoryMarshal.Read<ushort>(date[sizeof(ulong)..]);
            _known = true;
        }

        if (_endsWithOnlyPath)
        {
            return HeadThenPath(path, destination);
        }

        ShortBytes.Copy(_head.AsSpan(0, _headLength), destination);
        return _headLength + _template.RenderFromPath(date, host, path, destination[_headLength..]);
    }

    // The key of a template that ends with {path}: the head rendered for this day, then the path.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int HeadThenPath(ReadOnlySpan<byte> path, Span<byte> destination)
    {
        ShortBytes.Copy(_head.AsSpan(0, _headLength), destination);
        ShortBytes.Copy(path, destination[_headLength..]);
        return _headLength + path.Length;
    }

    // Whether the head was rendered for this yyyy-MM-dd date (compared as two words).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool HeadIsFor(ReadOnlySpan<byte> date) =>
        _known && MemoryMarshal.Read<ulong>(date) == _dateStart && MemoryMarshal.Read<ushort>(date[sizeof(ulong)..]) == _dateEnd;
}
