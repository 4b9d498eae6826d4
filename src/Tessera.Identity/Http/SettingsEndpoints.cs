using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tessera.Identity.Flows;
using Tessera.Identity.Flows.Logout;
using Tessera.Identity.Flows.Settings;
using Tessera.Identity.Sessions;

namespace Tessera.Identity.Http;

/// <summary>
/// The public routes of the settings flow and of logout (Kratos's paths): reads the request, the body and the
/// session credentials (<c>X-Session-Token</c>, the session cookie, <c>Authorization: Bearer</c>), calls one
/// operation, writes its answer.
/// </summary>
internal static class SettingsEndpoints
{
    public static void Map(IEndpointRouteBuilder routes, SelfServiceFlows flows, SettingsFlows settings, LogoutFlows logout, CompletedFlowView view)
    {
        routes.MapGet("/self-service/settings/browser", context
            => SelfServiceEndpoints.WriteAsync(context, flows, view, settings.CreateAsync(FlowNames.Browser, SelfServiceEndpoints.Read(context, flows, view), Credentials(context, view.Issuer), context.RequestAborted)));
        routes.MapGet("/self-service/settings/api", context
            => SelfServiceEndpoints.WriteAsync(context, flows, view, settings.CreateAsync(FlowNames.Api, SelfServiceEndpoints.Read(context, flows, view), Credentials(context, view.Issuer), context.RequestAborted)));
        routes.MapGet("/self-service/settings/flows", context
            => SelfServiceEndpoints.WriteAsync(context, flows, view, settings.GetAsync(context.Request.Query["id"].FirstOrDefault(), SelfServiceEndpoints.Read(context, flows, view), Credentials(context, view.Issuer), context.RequestAborted)));
        Task SubmitAsync(HttpContext context, FlowRequest request, (JsonObject? Body, string? Problem, bool Form) submitted)
            => SelfServiceEndpoints.WriteAsync(context, flows, view, settings.SubmitAsync(
                context.Request.Query["flow"].FirstOrDefault(), submitted.Body, submitted.Problem, submitted.Form, request, Credentials(context, view.Issuer), context.RequestAborted));

        routes.MapPost("/self-service/settings", async context =>
        {
            var request = SelfServiceEndpoints.Read(context, flows, view);
            await SubmitAsync(context, request, await SelfServiceEndpoints.ReadBodyAsync(context.Request));
        });

        // Kratos routes GET here to the same handler (social sign-in callbacks come back this way); its decoder then
        // reads the submission from the query.
        routes.MapGet("/self-service/settings", context
            => SubmitAsync(context, SelfServiceEndpoints.Read(context, flows, view), SelfServiceEndpoints.ReadQueryAsBody(context.Request)));

        // The W3C change-password URL (Kratos's getWellKnownChangePassword): 303 to the settings UI, or without one to
        // the browser settings flow.
        routes.MapGet("/.well-known/change-password", context =>
        {
            context.Response.StatusCode = StatusCodes.Status303SeeOther;
            context.Response.Headers.Location = settings.ChangePasswordUrl;
            return Task.CompletedTask;
        });

        routes.MapGet("/self-service/logout/browser", context
            => SelfServiceEndpoints.WriteAsync(context, flows, view, logout.CreateBrowserAsync(SelfServiceEndpoints.Read(context, flows, view), Credentials(context, view.Issuer), context.RequestAborted)));
        routes.MapGet("/self-service/logout", context
            => SelfServiceEndpoints.WriteAsync(context, flows, view, logout.LogoutAsync(context.Request.Query["token"].FirstOrDefault(), SelfServiceEndpoints.Read(context, flows, view), Credentials(context, view.Issuer), context.RequestAborted)));
        routes.MapDelete("/self-service/logout/api", async context =>
        {
            var request = SelfServiceEndpoints.Read(context, flows, view);
            var (body, problem, _) = await SelfServiceEndpoints.ReadBodyAsync(context.Request);
            await SelfServiceEndpoints.WriteAsync(context, flows, view, logout.LogoutApiAsync(body, problem, request, context.RequestAborted));
        });
    }

    private static SessionCredentials Credentials(HttpContext context, SessionIssuer issuer) => PublicSessionEndpoints.CredentialsOf(context.Request, issuer);
}
