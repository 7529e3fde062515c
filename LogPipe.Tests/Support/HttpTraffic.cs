using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace LogPipe.Tests.Support;

/// <summary>
/// A mix of requests from a few concurrent clients: GETs of files, GETs with query strings, GETs of missing paths (404),
/// HEADs and POSTs (which must not count). A failed request is tallied, not thrown: the oracle is Apache's own log.
/// </summary>
public sealed class HttpTraffic
{
    private static readonly string[] s_files = ["/", "/index.html", "/about.html", "/docs/guide.html", "/css/site.css"];
    private static readonly TimeSpan s_requestTimeout = TimeSpan.FromSeconds(30);

    // Most requests come from a browser; one in twenty from a crawler, whose views LogPipe must not count.
    internal const string BrowserAgent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
    private const string CrawlerAgent = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";

    private readonly Uri _baseAddress;
    private readonly int _concurrency;
    private readonly bool _keepAlive;
    private readonly IReadOnlyList<string>? _hosts;
    private readonly ConcurrentDictionary<int, int> _byStatus = new();
    private int _next;
    private int _completed;
    private int _failures;
    private string? _firstFailure;

    /// <param name="keepAlive">False sends every request on a new connection, so that after a graceful restart every
    /// request reaches a new child: an old child serves the connections it has to their end.</param>
    /// <param name="hosts">Host headers to take turns with, for name-based virtual hosts; null sends the address's own.</param>
    public HttpTraffic(Uri baseAddress, int concurrency, bool keepAlive = true, IReadOnlyList<string>? hosts = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);
        _baseAddress = baseAddress;
        _concurrency = concurrency;
        _keepAlive = keepAlive;
        _hosts = hosts;
    }

    /// <summary>Requests answered or failed so far.</summary>
    public int Completed => Volatile.Read(ref _completed);

    /// <summary>Sends <paramref name="requests"/> requests; the connections are closed when it returns.</summary>
    public async Task<TrafficReport> RunAsync(int requests, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        using (var handler = new SocketsHttpHandler { MaxConnectionsPerServer = _concurrency })
        using (var client = new HttpClient(handler) { BaseAddress = _baseAddress, Timeout = s_requestTimeout })
        {
            var clients = Enumerable.Range(0, _concurrency).Select(_ => Task.Run(() => SendUntilDoneAsync(client, requests, cancel), cancel));
            await Task.WhenAll(clients);
        }

        var responses = _byStatus.Values.Sum();
        return new TrafficReport(Completed, responses, Volatile.Read(ref _failures), new Dictionary<int, int>(_byStatus), clock.Elapsed, _firstFailure);
    }

    private static (HttpMethod Method, string Target) RequestFor(int sequence) => (sequence % 10) switch
    {
        < 4 => (HttpMethod.Get, s_files[sequence / 10 % s_files.Length]),
        4 => (HttpMethod.Get, Invariant($"/index.html?page={sequence % 40}")),
        5 => (HttpMethod.Get, Invariant($"/docs/guide.html?ref=nav&n={sequence % 9}")),
        6 => (HttpMethod.Get, Invariant($"/search?q=term{sequence % 15}&lang=en")),
        7 => (HttpMethod.Get, Invariant($"/missing/page-{sequence % 25}.html")),
        8 => (HttpMethod.Head, "/index.html"),
        _ => (HttpMethod.Post, "/about.html"),
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private async Task SendUntilDoneAsync(HttpClient client, int requests, CancellationToken cancel)
    {
        int sequence;
        while ((sequence = Interlocked.Increment(ref _next) - 1) < requests)
        {
            cancel.ThrowIfCancellationRequested();
            var (method, target) = RequestFor(sequence);
            try
            {
                using var request = new HttpRequestMessage(method, target);
                request.Headers.ConnectionClose = !_keepAlive;
                request.Headers.TryAddWithoutValidation("User-Agent", sequence % 20 == 13 ? CrawlerAgent : BrowserAgent);
                if (_hosts is { Count: > 0 } hosts)
                {
                    request.Headers.Host = hosts[sequence % hosts.Count];
                }
                if (method == HttpMethod.Post)
                {
                    request.Content = new StringContent("comment=hello");
                }

                using var response = await client.SendAsync(request, cancel);
                await response.Content.CopyToAsync(Stream.Null, cancel);
                _byStatus.AddOrUpdate((int)response.StatusCode, 1, (_, count) => count + 1);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException || (ex is TaskCanceledException && !cancel.IsCancellationRequested))
            {
                Interlocked.Increment(ref _failures);
                Interlocked.CompareExchange(ref _firstFailure, $"{method} {target}: {ex.GetBaseException().Message}", null);
            }

            Interlocked.Increment(ref _completed);
        }
    }
}
