using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Tessera.Proxy.Pipeline.Errors;

/// <summary>
/// <c>redirect</c>: answers <c>code</c> (301 or 302; anything else is 302) to <c>to</c>. With
/// <c>return_to_query_param</c>, the URL the request asked for is added to <c>to</c>'s query under that name
/// (scheme, host and path taken from <c>X-Forwarded-Proto</c>, <c>-Host</c>, <c>-Uri</c> when present, as
/// Oathkeeper does; the proxy removes untrusted forwarded headers before this point).
/// </summary>
internal sealed partial class RedirectErrorHandler(string to, int code, string returnTo, ErrorWhen when) : IErrorHandler
{
    public static HandlerFactory<IErrorHandler> Factory { get; } = new("redirect", config =>
    {
        config.AllowOnly("to", "code", "return_to_query_param", "when");
        var to = config.RequiredString("to");
        var code = config.Int("code") ?? 302;
        var returnTo = config.String("return_to_query_param") ?? "";
        if (!QueryParam().IsMatch(returnTo))
        {
            throw config.Fail("return_to_query_param", "may hold only letters, digits and ,._~-");
        }

        return new RedirectErrorHandler(to, code is 301 or 302 ? code : 302, returnTo, ErrorWhen.Read(config));
    });

    public ErrorWhen When { get; } = when;

    public Task WriteAsync(HttpContext context, PipelineRequest? request, PipelineError error)
    {
        var target = to;
        if (returnTo.Length > 0 && request is not null)
        {
            var headers = context.Request.Headers;
            var location = request.Location;
            var scheme = First(headers["X-Forwarded-Proto"], location.Scheme);
            var host = First(headers["X-Forwarded-Host"], location.Host);
            var path = First(headers["X-Forwarded-Uri"], location.Path);
            var original = scheme + "://" + host + Pipeline.GoPath.EscapedPath(path, location.RawPath) + (location.RawQuery.Length > 0 ? "?" + location.RawQuery : "");
            target = WithQuery(to, returnTo, original);
        }

        context.Response.StatusCode = code;
        context.Response.Headers.Location = target;

        // Go's http.Redirect reads the judged method (on /decisions, X-Forwarded-Method): a type for GET and HEAD, a body for GET only.
        var method = request?.Method ?? context.Request.Method;
        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method))
        {
            context.Response.ContentType = "text/html; charset=utf-8";
        }

        return HttpMethods.IsGet(method)
            ? context.Response.WriteAsync($"<a href=\"{System.Net.WebUtility.HtmlEncode(target)}\">{ReasonPhrases.GetReasonPhrase(code)}</a>.\n\n")
            : Task.CompletedTask;
    }

    private static string First(Microsoft.Extensions.Primitives.StringValues values, string fallback)
        => values.Count > 0 && values[0] is { Length: > 0 } v ? v : fallback;

    /// <summary>Go's <c>q.Set(name, value)</c> then <c>q.Encode()</c>: the query re-encoded with keys sorted.</summary>
    private static string WithQuery(string url, string name, string value)
    {
        var fragment = "";
        var hash = url.IndexOf('#', StringComparison.Ordinal);
        if (hash >= 0)
        {
            fragment = url[hash..];
            url = url[..hash];
        }

        var mark = url.IndexOf('?', StringComparison.Ordinal);
        var query = mark >= 0 ? QueryHelpers.ParseQuery(url[mark..]) : [];
        query[name] = value;
        var encoded = string.Join('&', query.OrderBy(q => q.Key, StringComparer.Ordinal)
            .SelectMany(q => q.Value.Select(v => QueryEscape(q.Key) + "=" + QueryEscape(v ?? ""))));
        return (mark >= 0 ? url[..mark] : url) + "?" + encoded + fragment;
    }

    private static string QueryEscape(string text) => Uri.EscapeDataString(text).Replace("%20", "+", StringComparison.Ordinal);

    [GeneratedRegex("^[A-Za-z0-9,._~-]*$")]
    private static partial Regex QueryParam();
}
