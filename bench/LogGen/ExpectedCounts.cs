using System.Collections.ObjectModel;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;

namespace LogPipe.LogGen;

/// <summary>
/// What a correct LogPipe run must count for the lines an <see cref="AccessLogGenerator"/> wrote, under one rule
/// (<see cref="AccessLogGenerator.Expected"/>: page views; <see cref="AccessLogGenerator.ExpectedCountAll"/>: every GET):
/// for every counted line, one hit for (the line's own timestamp day as yyyy-MM-dd, the path the rule counts under).
/// </summary>
public sealed class ExpectedCounts
{
    private readonly string[] _dates;
    private readonly string[] _paths;
    private readonly Dictionary<long, long> _cells = [];
    private IReadOnlyDictionary<(string Date, string Path), long>? _counts;

    internal ExpectedCounts(string[] dates, string[] paths)
    {
        _dates = dates;
        _paths = paths;
    }

    /// <summary>Lines written so far (every line, odd ones included).</summary>
    public long TotalLines { get; private set; }

    /// <summary>Lines that must be counted (sum of all <see cref="Counts"/>).</summary>
    public long TotalCounted { get; private set; }

    /// <summary>Expected count per (date, path); only keys with a count above zero are present.</summary>
    public IReadOnlyDictionary<(string Date, string Path), long> Counts => _counts ??= BuildCounts();

    /// <summary>The expected count for one date (yyyy-MM-dd) and request target, 0 when absent.</summary>
    public long CountFor(string date, string path) =>
        Counts.TryGetValue((date, path), out long count) ? count : 0;

    /// <summary>
    /// Fills a key template such as <c>hits:{date}:{path}</c>: every <c>{date}</c> becomes <paramref name="date"/>
    /// and every <c>{path}</c> becomes <paramref name="path"/>. The template is scanned once, so a path that
    /// itself contains "{date}" is inserted verbatim.
    /// </summary>
    [SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "Instance method by the API contract the tests use (expected.RedisKey(...)).")]
    public string RedisKey(string template, string date, string path)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(date);
        ArgumentNullException.ThrowIfNull(path);
        var builder = new System.Text.StringBuilder(template.Length + date.Length + path.Length);
        int i = 0;
        while (i < template.Length)
        {
            if (template.AsSpan(i).StartsWith("{date}", StringComparison.Ordinal))
            {
                builder.Append(date);
                i += "{date}".Length;
            }
            else if (template.AsSpan(i).StartsWith("{path}", StringComparison.Ordinal))
            {
                builder.Append(path);
                i += "{path}".Length;
            }
            else
            {
                builder.Append(template[i]);
                i++;
            }
        }

        return builder.ToString();
    }

    /// <summary>All entries sorted by date, then path (ordinal).</summary>
    public IReadOnlyList<(string Date, string Path, long Count)> Sorted()
    {
        var list = new List<(string Date, string Path, long Count)>(_cells.Count);
        foreach (KeyValuePair<(string Date, string Path), long> pair in Counts)
        {
            list.Add((pair.Key.Date, pair.Key.Path, pair.Value));
        }

        list.Sort(static (a, b) =>
        {
            int byDate = string.CompareOrdinal(a.Date, b.Date);
            return byDate != 0 ? byDate : string.CompareOrdinal(a.Path, b.Path);
        });
        return list;
    }

    /// <summary>Writes <c>date\tpath\tcount\n</c> lines, sorted by date then path.</summary>
    public void WriteTsv(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        foreach ((string date, string path, long count) in Sorted())
        {
            writer.Write(date);
            writer.Write('\t');
            writer.Write(path);
            writer.Write('\t');
            writer.Write(count.ToString(System.Globalization.CultureInfo.InvariantCulture));
            writer.Write('\n');
        }
    }

    internal void Reset()
    {
        _cells.Clear();
        _counts = null;
        TotalLines = 0;
        TotalCounted = 0;
    }

    internal void AddLine() => TotalLines++;

    internal void AddCounted(int day, int pathIndex)
    {
        long key = ((long)day * _paths.Length) + pathIndex;
        CollectionsMarshal.GetValueRefOrAddDefault(_cells, key, out _)++;
        TotalCounted++;
        _counts = null;
    }

    private ReadOnlyDictionary<(string Date, string Path), long> BuildCounts()
    {
        var counts = new Dictionary<(string Date, string Path), long>(_cells.Count);
        foreach (KeyValuePair<long, long> cell in _cells)
        {
            int day = (int)(cell.Key / _paths.Length);
            int pathIndex = (int)(cell.Key % _paths.Length);
            counts.Add((_dates[day], _paths[pathIndex]), cell.Value);
        }

        return counts.AsReadOnly();
    }
}
