namespace Tessera.Identity.Flows;

/// <summary>
/// What the flows need to know of an HTTP request, read by <c>Http/</c>: the URL as the client asked for
/// it, the query, how the client negotiates content, and the cookies and headers the anti-CSRF rules read.
/// </summary>
/// <param name="RequestUrl">The full URL of the request (Kratos's <c>x.RequestURL</c>).</param>
/// <param name="Query">The query parameters (first value of each).</param>
/// <param name="AcceptsJson">Kratos's <c>x.AcceptsJSON</c>: the Accept header prefers application/json over text/html.</param>
/// <param name="IsJsonRequest">Kratos's <c>x.IsJSONRequest</c>: Accept prefers JSON, or the body is application/json.</param>
/// <param name="CsrfCookie">The anti-CSRF cookie's value, when the request carries it.</param>
/// <param name="HasCookieHeader">The request has a Cookie header.</param>
/// <param name="CookieNames">The names of the request's cookies.</param>
/// <param name="HasOrigin">The request has an Origin header.</param>
/// <param name="SecFetchMode">The Sec-Fetch-Mode header.</param>
/// <param name="CsrfHeader">The X-CSRF-Token header.</param>
/// <param name="RequestId">The request's id, written into errors.</param>
internal sealed record FlowRequest(
    string RequestUrl,
    IReadOnlyDictionary<string, string> Query,
    bool AcceptsJson,
    bool IsJsonRequest,
    string? CsrfCookie,
    bool HasCookieHeader,
    IReadOnlyList<string> CookieNames,
    bool HasOrigin,
    string? SecFetchMode,
    string? CsrfHeader,
    string? RequestId)
{
    public string? QueryValue(string name) => Query.TryGetValue(name, out var value) ? value : null;

    /// <summary>The session the request presents (cookie, <c>X-Session-Token</c>, bearer), for refresh and "already logged in".</summary>
    public Sessions.SessionCredentials Session { get; init; } = new(null, null);

    /// <summary>The client's address (login throttle, session device).</summary>
    public string ClientAddress { get; init; } = "";

    /// <summary>The User-Agent header (session device).</summary>
    public string? UserAgent { get; init; }

    /// <summary>The request headers a web hook may see (Kratos's <c>webhook_header_allowlist</c> default).</summary>
    public IReadOnlyDictionary<string, string[]> Headers { get; init; } = new Dictionary<string, string[]>();

    /// <summary>The request's cookies but the session and anti-CSRF cookies, for web hooks.</summary>
    public IReadOnlyDictionary<string, string> Cookies { get; init; } = new Dictionary<string, string>();
}
