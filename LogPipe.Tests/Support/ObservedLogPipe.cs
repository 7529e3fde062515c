using System.Globalization;

namespace LogPipe.Tests.Support;

/// <summary>A LogPipe process (supervisor or worker) seen under a test's httpd, with when it was first seen and seen gone.</summary>
public sealed class ObservedLogPipe
{
    internal ObservedLogPipe(int id, bool isWorker, int parentId, TimeSpan firstSeen)
    {
        Id = id;
        IsWorker = isWorker;
        ParentId = parentId;
        FirstSeen = firstSeen;
    }

    public int Id { get; }

    /// <summary>A worker runs with --worker; until its exec it shows its supervisor's command line.</summary>
    public bool IsWorker { get; internal set; }

    public int ParentId { get; }

    /// <summary>Time since the server was created.</summary>
    public TimeSpan FirstSeen { get; }

    /// <summary>When it was first seen gone (exited, or a zombie), since the server was created; null while alive.</summary>
    public TimeSpan? GoneAt { get; internal set; }

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{(IsWorker ? "worker" : "supervisor")} {Id} (parent {ParentId}, seen at {FirstSeen.TotalSeconds:0.00} s, {(GoneAt is { } gone ? $"gone at {gone.TotalSeconds:0.00} s" : "alive")})");
}
