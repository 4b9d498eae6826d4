using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Routing;
using Tessera.Identity.Flows;
using Tessera.Identity.Identities;
using Tessera.Identity.Sessions;
using Tessera.Platform.Hosting;
using Tessera.Platform.Json;

namespace Tessera.Identity.Http;

/// <summary>
/// The public self-service routes of login and registration (Kratos's paths) and the error container:
/// reads the request into a <see cref="FlowRequest"/> (and a submitted body, JSON or urlencoded, into
/// JSON), calls one operation of <see cref="SelfServiceFlows"/>, writes its answer and the anti-CSRF cookie.
/// </summary>
internal static class SelfServiceEndpoints
{
    /// <summary>Kratos's default <c>webhook_header_allowlist</c>.</summary>
    private static readonly string[] WebHookHeaders =
    [
        "Accept", "Accept-Encoding", "Accept-Language", "Content-Length", "Content-Type", "Origin", "Priority", "Referer",
        "Sec-Ch-Ua", "Sec-Ch-Ua-Mobile", "Sec-Ch-Ua-Platform", "Sec-Fetch-Dest", "Sec-Fetch-Mode", "Sec-Fetch-Site", "Sec-Fetch-User",
        "True-Client-Ip", "User-Agent",
    ];

    public static void Map(IEndpointRouteBuilder routes, SelfServiceFlows flows, CompletedFlowView view)
    {
        foreach (var name in new[] { FlowNames.Login, FlowNames.Registration })
        {
            routes.MapGet($"/self-service/{name}/browser", context => WriteAsync(context, flows, view, flows.CreateAsync(name, FlowNames.Browser, Read(context, flows, view), context.RequestAborted)));
            routes.MapGet($"/self-service/{name}/api", context => WriteAsync(context, flows, view, flows.CreateAsync(name, FlowNames.Api, Read(context, flows, view), context.RequestAborted)));
            routes.MapGet($"/self-service/{name}/flows", context => WriteAsync(context, flows, view, flows.GetAsync(name, context.Request.Query["id"].FirstOrDefault(), Read(context, flows, view), context.RequestAborted)));
            routes.MapPost($"/self-service/{name}", context => SubmitAsync(context, flows, view, name));
        }

        routes.MapGet("/self-service/errors", context
            => WriteAsync(context, flows, view, flows.GetErrorAsync(context.Request.Query["id"].FirstOrDefault() ?? context.Request.Query["error"].FirstOrDefault(), Read(context, flows, view), context.RequestAborted)));
    }

    private static async Task SubmitAsync(HttpContext context, SelfServiceFlows flows, CompletedFlowView view, string name)
    {
        var request = Read(context, flows, view);
        var (body, problem, form) = await ReadBodyAsync(context.Request);
        await WriteAsync(context, flows, view, flows.SubmitAsync(name, context.Request.Query["flow"].FirstOrDefault(), body, problem, form, request, context.RequestAborted));
    }

    /// <summary>A JSON object body, or a urlencoded form with dotted names nested (<c>traits.email</c> → <c>traits: {email}</c>).</summary>
    internal static async Task<(JsonObject? Body, string? Problem, bool Form)> ReadBodyAsync(HttpRequest request)
    {
        if (UrlEncodedForm.IsUrlEncoded(request.ContentType))
        {
            var (form, problem) = Nest(await UrlEncodedForm.ReadAsync(request, request.HttpContext.RequestAborted));
            return (form, problem, true);
        }

        if (request.ContentType is { } type && !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, $"Unable to determine decoder for content type: {type}", false);
        }

        var json = await JsonRequestBody.ReadAsync(request, request.HttpContext.RequestAborted);
        if (json.Problem is not null || json.Empty)
        {
            return (null, $"Unable to decode JSON payload: {json.Problem ?? "the body is empty."}", false);
        }

        return json.Value is JsonObject o ? (o, null, false) : (null, "Unable to decode JSON payload: the body is not a JSON object.", false);
    }

    /// <summary>
    /// The query read as a submitted form, as Kratos's decoder reads a GET submission (ory/x's <c>decoderx</c> decodes
    /// <c>r.URL.Query()</c> for a GET, whatever the headers say).
    /// </summary>
    internal static (JsonObject? Body, string? Problem, bool Form) ReadQueryAsBody(HttpRequest request)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var (key, values) in request.Query)
        {
            pairs.AddRange(values.Select(value => KeyValuePair.Create(key, value ?? "")));
        }

        var (body, problem) = Nest(pairs);
        return (body, problem, true);
    }

    /// <summary>Form pairs as a JSON object, dotted names nested; the first value of a name wins.</summary>
    private static (JsonObject? Body, string? Problem) Nest(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        var body = new JsonObject();
        foreach (var (key, value) in pairs)
        {
            var parts = key.Split('.');

            // A dotted name nests as deeply as it has dots: held to the depth a JSON body may have, since
            // what is nested here is stored (in the flow, in traits) and must parse again when it is read.
            if (parts.Length > StrictJson.MaxDepth)
            {
                return (null, $"Unable to decode form payload: the field name nests more than {StrictJson.MaxDepth} levels deep.");
            }

            var target = body;
            foreach (var part in parts[..^1])
            {
                if (target[part] is not JsonObject child)
                {
                    child = [];
                    target[part] = child;
                }

                target = child;
            }

            target[parts[^1]] ??= value;
        }

        return (body, null);
    }

    internal static FlowRequest Read(HttpContext context, SelfServiceFlows flows, CompletedFlowView view)
    {
        var request = context.Request;
        var query = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in request.Query)
        {
            query[key] = value.FirstOrDefault() ?? "";
        }

        return new FlowRequest(
            request.GetDisplayUrl(), query, ContentNegotiation.AcceptsJson(request), ContentNegotiation.IsJsonRequest(request),
            request.Cookies.TryGetValue(flows.Options.CsrfCookieName, out var cookie) ? cookie : null,
            request.Headers.Cookie.Count > 0, request.Cookies.Keys.ToList(), request.Headers.Origin.Count > 0,
            request.Headers["Sec-Fetch-Mode"].FirstOrDefault(), request.Headers["X-CSRF-Token"].FirstOrDefault(), context.TraceIdentifier)
        {
            Session = PublicSessionEndpoints.CredentialsOf(request, view.Issuer),
            ClientAddress = context.Connection.RemoteIpAddress?.ToString() ?? "",
            UserAgent = request.Headers.UserAgent.FirstOrDefault(),
            Headers = WebHookHeaders.Where(request.Headers.ContainsKey).ToDictionary(h => h, h => request.Headers[h].Where(v => v is not null).Select(v => v!).ToArray(), StringComparer.Ordinal),
            Cookies = request.Cookies.Where(c => c.Key != flows.Options.CsrfCookieName && c.Key != view.Issuer.Options.Cookie.Name).ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal),
        };
    }

    internal static async Task WriteAsync(HttpContext context, SelfServiceFlows flows, CompletedFlowView view, Task<FlowAnswer> operation)
    {
        var answer = await operation;
        if (answer.RetryAfterSeconds is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (answer.SetSessionCookie is { } session)
        {
            context.Response.Headers.Append("Set-Cookie", session.ToHeader());
        }

        if (answer.SetCsrfCookie is { } token)
        {
            var options = flows.Options;
            context.Response.Cookies.Append(options.CsrfCookieName, token, new CookieOptions
            {
                HttpOnly = true,
                Secure = options.SecureCookies,
                SameSite = SameSiteMode.Lax,
                Path = options.CookiePath,
                Domain = options.CookieDomain,
                MaxAge = TimeSpan.FromDays(365),
            });
        }

        foreach (var cookie in answer.SetCookies)
        {
            context.Response.Headers.Append("Set-Cookie", cookie);
        }

        if (answer.RedirectTo is { } location)
        {
            context.Response.StatusCode = answer.Status == StatusCodes.Status302Found ? answer.Status : StatusCodes.Status303SeeOther;
            context.Response.Headers.Location = location;
            return;
        }

        if (answer.Completed is { } completed)
        {
            await KratosJson.WriteAsync(context, view.Render(completed), 200);
            return;
        }

        if (answer.Body is null)
        {
            context.Response.StatusCode = answer.Status;
            return;
        }

        await KratosJson.WriteAsync(context, answer.Body, answer.Status);
    }
}
