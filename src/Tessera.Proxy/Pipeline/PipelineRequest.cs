using Microsoft.AspNetCore.Http;

namespace Tessera.Proxy.Pipeline;

/// <summary>
/// The request as the handlers judge it: the method and location it is matched on (for <c>/decisions</c>
/// those of <c>X-Forwarded-*</c>), and the HTTP request itself for its headers, cookies, body and peer
/// address (network handlers forward some of them).
/// </summary>
internal sealed class PipelineRequest(HttpRequest http, string method, RequestLocation location)
{
    public HttpRequest Http { get; } = http;

    public string Method { get; } = method;

    public RequestLocation Location { get; } = location;

    public IHeaderDictionary Headers => Http.Headers;

    /// <summary>The headers as Go's <c>http.Header</c> holds them (for <c>MatchContext.Header</c>), copied when first read.</summary>
    public IReadOnlyList<KeyValuePair<string, string[]>> HeaderList() => new RequestHeaderList(Http.Headers);
}
