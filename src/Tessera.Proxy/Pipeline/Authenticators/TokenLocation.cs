using Microsoft.AspNetCore.WebUtilities;

namespace Tessera.Proxy.Pipeline.Authenticators;

/// <summary>
/// Oathkeeper's <c>token_from</c> (helper/bearer.go): one of <c>header</c>, <c>query_parameter</c>, <c>cookie</c>;
/// absent (or <c>header: Authorization</c>): the token after <c>Bearer </c> (any case) in <c>Authorization</c>.
/// A named header is taken whole; the query parameter is read from the judged URL.
/// </summary>
internal sealed record TokenLocation(string? Header, string? QueryParameter, string? Cookie)
{
    public static TokenLocation Default { get; } = new(null, null, null);

    public static TokenLocation FromConfig(HandlerConfig config)
    {
        if (config.Section("token_from") is not { } from)
        {
            return Default;
        }

        from.AllowOnly("header", "query_parameter", "cookie");
        var location = new TokenLocation(from.String("header"), from.String("query_parameter"), from.String("cookie"));
        var set = (location.Header is null ? 0 : 1) + (location.QueryParameter is null ? 0 : 1) + (location.Cookie is null ? 0 : 1);
        return set > 1 ? throw config.Fail("token_from", "must name exactly one of header, query_parameter or cookie") : location;
    }

    /// <summary>The token, or "" when the request has none there.</summary>
    public string Read(PipelineRequest request)
    {
        if (Header is not null && Header != "Authorization")
        {
            return request.Headers[Header].FirstOrDefault() ?? "";
        }

        if (Header is null && QueryParameter is not null)
        {
            return QueryHelpers.ParseQuery(request.Location.RawQuery).TryGetValue(QueryParameter, out var values) ? values.FirstOrDefault() ?? "" : "";
        }

        if (Header is null && Cookie is not null)
        {
            return request.Http.Cookies[Cookie] ?? "";
        }

        var authorization = request.Headers.Authorization.FirstOrDefault() ?? "";
        var space = authorization.IndexOf(' ', StringComparison.Ordinal);
        return space > 0 && authorization.AsSpan(0, space).Equals("bearer", StringComparison.OrdinalIgnoreCase) ? authorization[(space + 1)..] : "";
    }
}
