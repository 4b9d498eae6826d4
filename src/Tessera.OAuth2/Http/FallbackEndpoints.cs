using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Tessera.OAuth2.Http;

/// <summary>
/// The pages Hydra shows when <c>urls.login</c>, <c>urls.consent</c>, <c>urls.logout</c> or
/// <c>urls.error</c> are not configured: they explain what to configure, and the error page shows the error.
/// </summary>
internal static class FallbackEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/oauth2/fallbacks/login", c => Page(c, "Login", "The login provider is not configured: set urls.login to the URL of your login app."));
        routes.MapGet("/oauth2/fallbacks/consent", c => Page(c, "Consent", "The consent provider is not configured: set urls.consent to the URL of your consent app."));
        routes.MapGet("/oauth2/fallbacks/logout", c => Page(c, "Logout", "The logout provider is not configured: set urls.logout to the URL of your logout app."));
        routes.MapGet("/oauth2/fallbacks/logout/callback", c => Page(c, "Logged out", "You have been logged out. Set urls.post_logout_redirect to send users somewhere else."));
        routes.MapGet("/oauth2/fallbacks/device", c => Page(c, "Device verification", "The device verification app is not configured: set urls.device.verification to the URL of the page that asks for the user code."));
        routes.MapGet("/oauth2/fallbacks/device/done", c => Page(c, "Device connected", "The device is now authorized. You can close this window."));
        routes.MapGet("/oauth2/fallbacks/error", c => Page(c, "An error occurred",
            $"{c.Request.Query["error"]}: {c.Request.Query["error_description"]}", StatusCodes.Status200OK));
    }

    private static async Task Page(HttpContext context, string title, string message, int status = StatusCodes.Status200OK)
    {
        var html = HtmlEncoder.Default;
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(
            $"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{html.Encode(title)}</title></head><body><h1>{html.Encode(title)}</h1><p>{html.Encode(message)}</p></body></html>",
            context.RequestAborted);
    }
}
