using System.Globalization;

namespace LogPipe.Tests.Support;

/// <summary>What an <see cref="HttpTraffic"/> run sent and got back.</summary>
public sealed record TrafficReport(int Sent, int Responses, int Failures, IReadOnlyDictionary<int, int> ByStatus, TimeSpan Duration, string? FirstFailure)
{
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Sent} requests in {Duration.TotalSeconds:0.00} s ({Sent / Math.Max(Duration.TotalSeconds, 0.001):0} per second): {Responses} responses ({string.Join(", ", ByStatus.OrderBy(s => s.Key).Select(s => $"{s.Value} x {s.Key}"))}), {Failures} failed{(FirstFailure is null ? string.Empty : $" (first: {FirstFailure})")}");
}
