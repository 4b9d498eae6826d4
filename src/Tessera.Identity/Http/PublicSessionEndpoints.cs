using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tessera.Identity.Identities;
using Tessera.Identity.Sessions;
using Tessera.Platform.Hosting;

namespace Tessera.Identity.Http;

/// <summary>
/// Kratos's public session API: <c>/sessions/whoami</c> (every method Kratos routes there; the session
/// from <c>X-Session-Token</c>, the session cookie or <c>Authorization: Bearer</c>, optionally tokenized),
/// <c>GET /sessions</c> (the identity's other active sessions, paged), <c>DELETE /sessions</c> (revoke the
/// others: <c>{"count": n}</c>), <c>DELETE /sessions/{id}</c> (204; the current session is a 400) and
/// <c>GET /sessions/token-exchange</c> (<see cref="SessionTokenExchange"/>).
/// </summary>
internal static class PublicSessionEndpoints
{
    private static readonly string[] WhoamiMethods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"];

    public static void Map(IEndpointRouteBuilder routes, SessionAuthentication sessions, SessionIssuer issuer, SessionTokenizer tokenizer, TimeProvider time, string publicBase)
    {
        routes.MapMethods("/sessions/whoami", WhoamiMethods, context => Whoami(context, sessions, issuer, tokenizer, time, publicBase));
        routes.MapGet("/sessions", context => ListMine(context, sessions, issuer, time, publicBase));
        routes.MapDelete("/sessions", context => RevokeOthers(context, sessions, issuer));
        routes.MapDelete("/sessions/{id}", context => RevokeOne(context, sessions, issuer));
        routes.MapGet("/sessions/token-exchange", context => KratosJson.ErrorAsync(context,
            SessionTokenExchange.Refusal(context.Request.Query["init_code"].ToString(), context.Request.Query["return_to_code"].ToString())));
    }

    /// <summary>What the request presents: <c>X-Session-Token</c>, the session cookie, <c>Authorization: Bearer</c>.</summary>
    public static SessionCredentials CredentialsOf(HttpRequest request, SessionIssuer issuer)
    {
        var authorization = request.Headers.Authorization.ToString();
        var bearer = authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization["Bearer ".Length..].Trim() : null;
        return new SessionCredentials(request.Cookies[issuer.Options.Cookie.Name], request.Headers["X-Session-Token"].ToString(), bearer);
    }

    private static async Task Whoami(HttpContext context, SessionAuthentication sessions, SessionIssuer issuer, SessionTokenizer tokenizer, TimeProvider time, string publicBase)
    {
        var presented = sessions.Present(CredentialsOf(context.Request, issuer));
        var options = issuer.Options;
        if (await sessions.ResolveAsync(presented, context.RequestAborted) is not { } session)
        {
            if (options.CacheableSessions && presented.Token is null)
            {
                context.Response.Headers["Ory-Session-Cache-For"] = "60";
            }

            await KratosJson.ErrorAsync(context, SessionErrors.NoSession);
            return;
        }

        string? tokenized = null;
        var template = context.Request.Query["tokenize_as"].ToString();
        if (template.Length > 0)
        {
            var (token, error) = tokenizer.Tokenize(template, session);
            if (error is not null)
            {
                await KratosJson.ErrorAsync(context, error);
                return;
            }

            tokenized = token;
        }

        context.Response.Headers["X-Kratos-Authenticated-Identity-Id"] = session.IdentityId;
        var now = time.GetUtcNow();
        if (options.CacheableSessions && template.Length == 0)
        {
            var expiry = session.ExpiresAt - now;
            if (options.CacheableSessionsMaxAge > TimeSpan.Zero && expiry > options.CacheableSessionsMaxAge)
            {
                expiry = options.CacheableSessionsMaxAge;
            }

            context.Response.Headers["Ory-Session-Cache-For"] = Math.Round(expiry.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        }

        if (issuer.RefreshedCookie(presented, session) is { } cookie)
        {
            context.Response.Headers.Append("Set-Cookie", cookie.ToHeader());
        }

        context.Response.ContentType = "application/json; charset=utf-8";
        await using var body = JsonResponseWriter.Start(context.Response);
        SessionView.Write(body.Json, session, now, publicBase, admin: false, tokenized: tokenized);
    }

    private static async Task ListMine(HttpContext context, SessionAuthentication sessions, SessionIssuer issuer, TimeProvider time, string publicBase)
    {
        if (await CurrentAsync(context, sessions, issuer) is not { } current || await KratosPaging.ReadOffsetStyleAsync(context) is not { } request)
        {
            return;
        }

        var page = await sessions.ListOthersAsync(current, request.After, request.Size + 1, context.RequestAborted);
        request.Finish(context, "/sessions", page, s => s.Id);
        KratosPaging.TotalCount(context, await sessions.CountOthersAsync(current, context.RequestAborted));
        var now = time.GetUtcNow();
        await KratosJson.WriteAsync(context, new JsonArray(page.Select(s => (JsonNode)SessionView.Render(s, now, publicBase, admin: false)).ToArray()));
    }

    private static async Task RevokeOthers(HttpContext context, SessionAuthentication sessions, SessionIssuer issuer)
    {
        if (await CurrentAsync(context, sessions, issuer) is not { } current)
        {
            return;
        }

        var count = await sessions.RevokeOthersAsync(current, context.RequestAborted);
        await KratosJson.WriteAsync(context, new JsonObject { ["count"] = count });
    }

    private static async Task RevokeOne(HttpContext context, SessionAuthentication sessions, SessionIssuer issuer)
    {
        if (await CurrentAsync(context, sessions, issuer) is not { } current)
        {
            return;
        }

        if (await sessions.RevokeAsync(current, (string)context.GetRouteValue("id")!, context.RequestAborted) is { } error)
        {
            await KratosJson.ErrorAsync(context, error);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    /// <summary>The request's active session; null when a 401 has been written.</summary>
    private static async Task<SessionRecord?> CurrentAsync(HttpContext context, SessionAuthentication sessions, SessionIssuer issuer)
    {
        var session = await sessions.ResolveAsync(CredentialsOf(context.Request, issuer), context.RequestAborted);
        if (session is null)
        {
            await KratosJson.ErrorAsync(context, SessionErrors.NoSessionCookie);
        }

        return session;
    }
}
