using System.Runtime.CompilerServices;

namespace LogPipe.Filtering;

/// <summary>
/// The path a request target names: <c>/a/b?c</c> is <c>/a/b</c>; an absolute-form target (<c>http://host/a/b</c>, as a
/// proxy request is logged) is its path; anything else (<c>*</c>, garbage) names no page.
/// </summary>
internal static class PagePath
{
    private const byte Slash = (byte)'/';
    private const byte QueryStart = (byte)'?';

    /// <summary>
    /// Finds the path of <paramref name="target"/> with its query (<paramref name="withQuery"/>) and without it
    /// (<paramref name="path"/>); false when the target is neither origin-form nor absolute-form.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryFind(ReadOnlySpan<byte> target, out ReadOnlySpan<byte> withQuery, out ReadOnlySpan<byte> path)
    {
        if (target.IsEmpty || target[0] != Slash)
        {
            return TryFindAbsolute(target, out withQuery, out path);
        }

        withQuery = target;
        var query = target.IndexOf(QueryStart);
        path = query < 0 ? target : target[..query];
        return true;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool TryFindAbsolute(ReadOnlySpan<byte> target, out ReadOnlySpan<byte> withQuery, out ReadOnlySpan<byte> path)
    {
        withQuery = default;
        path = default;
        var afterScheme = StartsWithIgnoringCase(target, "http://"u8) ? 7 : StartsWithIgnoringCase(target, "https://"u8) ? 8 : -1;
        if (afterScheme < 0)
        {
            return false;
        }

        // The authority ends at the first '/', '?' or the end; a target with no path ("http://host") names the root.
        var rest = target[afterScheme..];
        var end = rest.IndexOfAny(Slash, QueryStart);
        if (end == 0)
        {
            return false;
        }

        if (end < 0 || rest[end] == QueryStart)
        {
            withQuery = "/"u8;
            path = "/"u8;
            return true;
        }

        withQuery = rest[end..];
        var query = withQuery.IndexOf(QueryStart);
        path = query < 0 ? withQuery : withQuery[..query];
        return true;
    }

    private static bool StartsWithIgnoringCase(ReadOnlySpan<byte> value, ReadOnlySpan<byte> lowerPrefix)
    {
        if (value.Length < lowerPrefix.Length)
        {
            return false;
        }

        for (var i = 0; i < lowerPrefix.Length; i++)
        {
            if ((value[i] | 0x20) != lowerPrefix[i])
            {
                return false;
            }
        }

        return true;
    }
}
