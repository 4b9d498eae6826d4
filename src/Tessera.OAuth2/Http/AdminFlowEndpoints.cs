using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tessera.OAuth2.Flows;
using Tessera.Platform.Hosting;

namespace Tessera.OAuth2.Http;

/// <summary>
/// Hydra's login and consent request endpoints on the admin listener, under <c>/admin/oauth2/auth/requests/</c>
/// and the v1 alias <c>/oauth2/auth/requests/</c>. The challenge comes as <c>login_challenge</c> /
/// <c>consent_challenge</c> or plain <c>challenge</c>.
/// </summary>
internal static class AdminFlowEndpoints
{
    public static void Map(IEndpointRouteBuilder routes, OAuth2Runtime runtime)
    {
        var flows = runtime.Protocol.Flows;
        foreach (var prefix in new[] { "/admin/oauth2/auth/requests", "/oauth2/auth/requests" })
        {
            routes.MapGet(prefix + "/login", c => Read(c, flows, consent: false));
            routes.MapPut(prefix + "/login/accept", c => Answer(c, flows, consent: false, accept: true));
            routes.MapPut(prefix + "/login/reject", c => Answer(c, flows, consent: false, accept: false));
            routes.MapGet(prefix + "/consent", c => Read(c, flows, consent: true));
            routes.MapPut(prefix + "/consent/accept", c => Answer(c, flows, consent: true, accept: true));
            routes.MapPut(prefix + "/consent/reject", c => Answer(c, flows, consent: true, accept: false));
            routes.MapGet(prefix + "/logout", async c => await WriteAsync(c, await runtime.Protocol.Logout.GetAsync(Challenge(c, "logout_challenge"), c.RequestAborted)));
            routes.MapPut(prefix + "/logout/accept", async c => await WriteAsync(c, await runtime.Protocol.Logout.AcceptAsync(Challenge(c, "logout_challenge"), c.RequestAborted)));
            routes.MapPut(prefix + "/logout/reject", RejectLogout(runtime));
        }
    }

    private static RequestDelegate RejectLogout(OAuth2Runtime runtime) => async context =>
    {
        if (await runtime.Protocol.Logout.RejectAsync(Challenge(context, "logout_challenge"), context.RequestAborted) is { } problem)
        {
            await WriteAsync(context, problem);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status204NoContent;
    };

    internal static string? Challenge(HttpContext context, string name)
        => context.Request.Query[name].ToString() is { Length: > 0 } specific ? specific : context.Request.Query["challenge"].ToString();

    /// <summary>
    /// The JSON object body (an empty body reads as <c>{}</c>), or null after writing a 400 in Hydra's
    /// <c>errorOAuth2</c> shape.
    /// </summary>
    internal static async Task<JsonObject?> ReadBodyAsync(HttpContext context)
    {
        var body = await JsonRequestBody.ReadAsync(context.Request, context.RequestAborted);
        if (body.Problem is { } problem)
        {
            await WriteAsync(context, FlowAdminResult.Invalid($"Unable to decode body because: {problem}"));
            return null;
        }

        if (body.Empty)
        {
            return [];
        }

        if (body.Value is not JsonObject request)
        {
            await WriteAsync(context, FlowAdminResult.Invalid("The request body must be a JSON object."));
            return null;
        }

        return request;
    }

    internal static Task WriteAsync(HttpContext context, FlowAdminResult result) => JsonBody.WriteAsync(context, result.Body, result.Status);

    private static async Task Read(HttpContext context, FlowAdministration flows, bool consent)
    {
        var result = consent
            ? await flows.GetConsentAsync(Challenge(context, "consent_challenge"), context.RequestAborted)
            : await flows.GetLoginAsync(Challenge(context, "login_challenge"), context.RequestAborted);
        await WriteAsync(context, result);
    }

    private static async Task Answer(HttpContext context, FlowAdministration flows, bool consent, bool accept)
    {
        if (await ReadBodyAsync(context) is not { } body)
        {
            return;
        }

        var challenge = Challenge(context, consent ? "consent_challenge" : "login_challenge");
        var ct = context.RequestAborted;
        var result = (consent, accept) switch
        {
            (false, true) => await flows.AcceptLoginAsync(challenge, body, ct),
            (false, false) => await flows.RejectLoginAsync(challenge, body, ct),
            (true, true) => await flows.AcceptConsentAsync(challenge, body, ct),
            (true, false) => await flows.RejectConsentAsync(challenge, body, ct),
        };
        await WriteAsync(context, result);
    }
}
