using System.Buffers;
using System.Text;

namespace LogPipe.Filtering;

/// <summary>
/// Text a regular expression cannot match without: for each of its top-level alternatives, the longest run of plain
/// characters outside groups and classes and not made optional by a quantifier. A user agent holding none of them
/// cannot match, which one vectorised search tells far sooner than the regex interpreter, which tries every position:
/// a browser, the usual cache miss, is checked against every regular expression of the list.
/// </summary>
internal static class RequiredLiterals
{
    // After one of these the character before is optional or repeated: not required, or not required once.
    private static readonly SearchValues<char> s_quantifiers = SearchValues.Create("?*+{");

    /// <summary>
    /// One required text per top-level alternative of <paramref name="pattern"/>, or null when some alternative has
    /// none (it could match anything) or the pattern uses syntax this reading does not follow; null only costs speed.
    /// </summary>
    public static string[]? Of(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        if (pattern.Contains("(?", StringComparison.Ordinal) || pattern.Contains('{', StringComparison.Ordinal))
        {
            // Inline options ((?i)) change how the rest matches; counted repeats are not followed. Neither is in the list.
            return null;
        }

        var required = new List<string>();
        var longest = "";
        var run = new StringBuilder();
        var i = 0;
        while (true)
        {
            if (i == pattern.Length || pattern[i] == '|')
            {
                EndRun(run, ref longest);
                if (longest.Length == 0)
                {
                    return null;
                }

                required.Add(longest);
                if (i == pattern.Length)
                {
                    return [.. required];
                }

                longest = "";
                i++;
                continue;
            }

            var c = pattern[i];
            if (c is '(' or '[')
            {
                // A group or class is not read into: what follows it starts a new run.
                EndRun(run, ref longest);
                i = c == '(' ? SkipGroup(pattern, i) : SkipClass(pattern, i);
                if (i < 0)
                {
                    return null;
                }

                continue;
            }

            if (c == '\\')
            {
                if (i + 1 == pattern.Length)
                {
                    return null;
                }

                if (char.IsAsciiLetterOrDigit(pattern[i + 1]))
                {
                    // A class (\d, \s) or an assertion (\b): the run stops here.
                    EndRun(run, ref longest);
                    i += 2;
                    continue;
                }

                c = pattern[i + 1];
                i += 2;
            }
            else if (c is '.' or '^' or '$' or ')' or ']' or '?' or '*' or '+')
            {
                // Any character, an anchor, a quantifier after a group or class, or stray syntax: the run stops here.
                EndRun(run, ref longest);
                i++;
                continue;
            }
            else
            {
                i++;
            }

            if (i < pattern.Length && s_quantifiers.Contains(pattern[i]))
            {
                // This character may be absent or repeated: the run before it is required, it is not.
                EndRun(run, ref longest);
                continue;
            }

            run.Append(c);
        }
    }

    private static void EndRun(StringBuilder run, ref string longest)
    {
        if (run.Length > longest.Length)
        {
            longest = run.ToString();
        }

        run.Clear();
    }

    // The index after the group starting at start, or -1 if it never ends; escapes and classes inside are followed,
    // so that the ')' of \) or [)] does not end it.
    private static int SkipGroup(string pattern, int start)
    {
        var depth = 0;
        for (var i = start; i < pattern.Length; i++)
        {
            switch (pattern[i])
            {
                case '\\':
                    i++;
                    break;
                case '[':
                    i = SkipClass(pattern, i) - 1;
                    if (i < 0)
                    {
                        return -1;
                    }

                    break;
                case '(':
                    depth++;
                    break;
                case ')' when --depth == 0:
                    return i + 1;
            }
        }

        return -1;
    }

    // The index after the class starting at start, or -1 if it never ends. A ']' first in the class ([]a] or [^]a])
    // is one of its characters, not its end.
    private static int SkipClass(string pattern, int start)
    {
        var i = start + 1;
        if (i < pattern.Length && pattern[i] == '^')
        {
            i++;
        }

        if (i < pattern.Length && pattern[i] == ']')
        {
            i++;
        }

        for (; i < pattern.Length; i++)
        {
            if (pattern[i] == '\\')
            {
                i++;
            }
            else if (pattern[i] == ']')
            {
                return i + 1;
            }
        }

        return -1;
    }
}
