using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Tessera.OAuth2.Protocol;
using Tessera.Platform.Hosting;

namespace Tessera.OAuth2.Http;

/// <summary>
/// Reads OAuth 2.0 request parameters from a query or a form body. RFC 6749 §3.1 and §3.2: a parameter
/// sent more than once is an error, and the token-style endpoints take only
/// <c>application/x-www-form-urlencoded</c> bodies.
/// </summary>
internal static class OAuth2Parameters
{
    public static (Dictionary<string, string>? Values, OAuth2Error? Error) FromPairs(IEnumerable<KeyValuePair<string, StringValues>> pairs)
        => Collect(pairs.SelectMany(pair => pair.Value.Count == 0
            ? [KeyValuePair.Create(pair.Key, "")]
            : pair.Value.Select(value => KeyValuePair.Create(pair.Key, value ?? ""))));

    /// <summary>The form of a POST; an error for other content types.</summary>
    public static async Task<(Dictionary<string, string>? Values, OAuth2Error? Error)> ReadFormAsync(HttpContext context)
    {
        if (!UrlEncodedForm.IsUrlEncoded(context.Request.ContentType))
        {
            return (null, OAuth2Error.InvalidRequest("The request must be sent as application/x-www-form-urlencoded."));
        }

        return Collect(await UrlEncodedForm.ReadAsync(context.Request, context.RequestAborted));
    }

    /// <summary>Query and form parameters together (for endpoints that take both, like <c>/oauth2/auth</c>).</summary>
    public static async Task<(Dictionary<string, string>? Values, OAuth2Error? Error)> ReadQueryOrFormAsync(HttpContext context)
    {
        if (HttpMethods.IsPost(context.Request.Method))
        {
            return await ReadFormAsync(context);
        }

        return FromPairs(context.Request.Query);
    }

    /// <summary>
    /// The parameters of a browser request to a flow endpoint and the URL it stands for (query kept as
    /// sent; a POST's form re-encoded as a query); null after redirecting to the error page.
    /// </summary>
    public static async Task<(Dictionary<string, string> Values, string RequestUrl)?> ReadBrowserRequestAsync(HttpContext context, ProtocolOptions options, string path)
    {
        var (parameters, error) = await ReadQueryOrFormAsync(context);
        if (parameters is null)
        {
            context.Response.Redirect(AuthorizationResponse.ErrorPage(options.ErrorUrl, error!).Location!);
            return null;
        }

        var query = HttpMethods.IsGet(context.Request.Method) ? context.Request.QueryString.Value ?? "" : AuthorizationResponse.Append("", '?', parameters);
        return (parameters, options.PublicUrl + path + query);
    }

    /// <summary>The parameters by name; an error when one was sent more than once.</summary>
    private static (Dictionary<string, string>? Values, OAuth2Error? Error) Collect(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in pairs)
        {
            if (!values.TryAdd(name, value))
            {
                return (null, OAuth2Error.InvalidRequest($"The parameter '{name}' was sent more than once."));
            }
        }

        return (values, null);
    }
}
