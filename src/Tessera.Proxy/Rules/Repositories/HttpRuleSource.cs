using System.Net;
using System.Text;
using Tessera.Platform.Outbound;
using Microsoft.Extensions.Logging;

namespace Tessera.Proxy.Rules.Repositories;

/// <summary>
/// <c>http://</c> and <c>https://</c>: fetched at start through the service's outbound client, then
/// again every <c>access_rules.refresh_interval</c> with <c>If-None-Match</c>, so an unchanged
/// document costs a 304. Any status but 200 or 304, or no answer, keeps the last good rules.
/// </summary>
internal sealed class HttpRuleSource(string name, string url, OutboundHttpClient client, TimeSpan refresh, TimeProvider time, MatchingStrategy strategy, ILogger logger)
    : RuleSource(name, strategy, logger)
{
    private static readonly OutboundLimits Limits = new(TimeSpan.FromSeconds(15), 16 << 20);

    private readonly CancellationTokenSource stopping = new();
    private string? etag;

    /// <summary>How many fetches answered 304 (for tests and diagnostics).</summary>
    public int NotModifiedCount { get; private set; }

    public override async Task LoadAsync(CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("Accept", "application/json, application/yaml, text/yaml, */*");
        if (etag is not null && Problem is null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", etag);
        }

        OutboundResponse response;
        try
        {
            response = await client.SendAsync(Name, request, Limits, ct);
        }
        catch (OutboundFetchException e)
        {
            Fail($"the fetch failed ({e.Failure})");
            return;
        }

        if (response.Status == HttpStatusCode.NotModified)
        {
            NotModifiedCount++;
            return;
        }

        if (response.Status != HttpStatusCode.OK)
        {
            Fail($"expected HTTP 200 but the server answered {(int)response.Status}");
            return;
        }

        etag = response.ETag;
        Accept(Encoding.UTF8.GetString(response.Body));
    }

    public override void Start()
    {
        if (refresh > TimeSpan.Zero)
        {
            _ = RefreshLoop.RunAsync(refresh, time, LoadAsync, stopping.Token);
        }
    }

    public override void Dispose()
    {
        stopping.Cancel();
        stopping.Dispose();
    }
}
