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
            $"{c.Request.Query["error"]}: {c.Request.Query["error_description"]}"));
    }

    private static Task Page(HttpContext context, string title, string message)
        => new HtmlPage(title, $"<h1>{HtmlPage.Encode(title)}</h1><p>{HtmlPage.Encode(message)}</p>").WriteAsync(context);
}
