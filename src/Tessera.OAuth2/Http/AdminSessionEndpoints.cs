using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tessera.OAuth2.Flows;

namespace Tessera.OAuth2.Http;

/// <summary>
/// Consent and login session administration and token deletion on the admin listener:
/// <c>/admin/oauth2/auth/sessions/consent|login</c>, <c>/admin/oauth2/tokens</c>, and their v1 paths.
/// </summary>
internal static class AdminSessionEndpoints
{
    public static void Map(IEndpointRouteBuilder routes, OAuth2Runtime runtime)
    {
        var sessions = runtime.Protocol.Sessions;
        foreach (var prefix in new[] { "/admin/oauth2", "/oauth2" })
        {
            var consentPath = prefix + "/auth/sessions/consent";
            routes.MapGet(consentPath, c => List(c, sessions, consentPath));
            routes.MapDelete(consentPath, c => Done(c, sessions.RevokeConsentAsync(
                Query(c, "subject"), Query(c, "client"), Query(c, "consent_request_id"), c.Request.Query["all"] == "true", c.RequestAborted)));
            routes.MapDelete(prefix + "/auth/sessions/login", c => Done(c, sessions.RevokeLoginAsync(Query(c, "subject"), Query(c, "sid"), c.RequestAborted)));
            routes.MapDelete(prefix + "/tokens", c => DeleteTokens(c, sessions));
        }
    }

    private static string? Query(HttpContext context, string name) => context.Request.Query[name].ToString() is { Length: > 0 } v ? v : null;

    private static async Task Done(HttpContext context, Task<FlowAdminResult?> pending)
    {
        if (await pending is { } problem)
        {
            await AdminFlowEndpoints.WriteAsync(context, problem);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private static async Task DeleteTokens(HttpContext context, SessionAdministration sessions)
    {
        if (Query(context, "client_id") is not { } clientId)
        {
            await AdminFlowEndpoints.WriteAsync(context, FlowAdminResult.Invalid("Query parameter 'client_id' is not defined but should have been."));
            return;
        }

        await sessions.DeleteClientTokensAsync(clientId, context.RequestAborted);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private static async Task List(HttpContext context, SessionAdministration sessions, string path)
    {
        if (Query(context, "subject") is not { } subject)
        {
            await AdminFlowEndpoints.WriteAsync(context, FlowAdminResult.Invalid("Query parameter 'subject' is not defined but should have been."));
            return;
        }

        if (HydraPageSize.Read(context.Request) is not { } size)
        {
            await AdminFlowEndpoints.WriteAsync(context, FlowAdminResult.Invalid("Unable to parse pagination parameters: page_size must be a whole number."));
            return;
        }

        var offset = 0;
        if (Query(context, "page_token") is { } token)
        {
            try
            {
                offset = int.Parse(Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token)), NumberStyles.None, CultureInfo.InvariantCulture);
            }
            catch (Exception e) when (e is FormatException or OverflowException)
            {
                await AdminFlowEndpoints.WriteAsync(context, FlowAdminResult.Invalid("Unable to parse pagination parameters: page_token is malformed."));
                return;
            }
        }

        var loginSessionId = Query(context, "login_session_id");
        var (page, more) = await sessions.ListConsentSessionsAsync(subject, loginSessionId, size, offset, context.RequestAborted);
        // As ory/x's keyset paging: always rel="first", and rel="next" while more follow.
        var sid = loginSessionId is null ? "" : "&login_session_id=" + Uri.EscapeDataString(loginSessionId);
        var first = $"<{path}?subject={Uri.EscapeDataString(subject)}{sid}&page_size={size}>; rel=\"first\"";
        if (more)
        {
            var next = Base64Url.EncodeToString(Encoding.UTF8.GetBytes((offset + size).ToString(CultureInfo.InvariantCulture)));
            context.Response.Headers.Link = $"<{path}?subject={Uri.EscapeDataString(subject)}{sid}&page_size={size}&page_token={next}>; rel=\"next\"," + first;
        }
        else
        {
            context.Response.Headers.Link = first;
        }

        await JsonBody.WriteAsync(context, page);
    }
}
