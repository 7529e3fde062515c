using System.Runtime.CompilerServices;
using System.Text;

namespace LogPipe.Filtering;

/// <summary>Which request methods count (<c>--methods</c>). Exact, case-sensitive match, as HTTP methods are.</summary>
internal sealed class MethodFilter
{
    private readonly byte[][] _methods;

    public MethodFilter(IReadOnlyCollection<string> methods)
    {
        ArgumentNullException.ThrowIfNull(methods);
        if (methods.Count == 0)
        {
            throw new ArgumentException("at least one method is required", nameof(methods));
        }

        _methods = new byte[methods.Count][];
        var i = 0;
        foreach (var method in methods)
        {
            _methods[i++] = Encoding.ASCII.GetBytes(method);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Matches(ReadOnlySpan<byte> method)
    {
        // A handful of methods at most: a linear scan beats any hashing.
        foreach (var candidate in _methods)
        {
            if (method.SequenceEqual(candidate))
            {
                return true;
            }
        }

        return false;
    }
}
