namespace LogPipe.LogGen;

/// <summary>One request target of the pool: the exact text written, its kind and its usual response size.</summary>
internal readonly record struct PathInfo(string Path, PathKind Kind, int Size);
