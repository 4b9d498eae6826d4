using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tessera.OAuth2.Clients;

namespace Tessera.OAuth2.Http;

/// <summary><c>GET|POST /oauth2/sessions/logout</c>: RP-initiated logout and its return from the logout app.</summary>
internal static class LogoutEndpoints
{
    public static void Map(IEndpointRouteBuilder routes, OAuth2Runtime runtime)
    {
        routes.MapMethods("/oauth2/sessions/logout", [HttpMethods.Get, HttpMethods.Post], context => Logout(context, runtime));
    }

    private static async Task Logout(HttpContext context, OAuth2Runtime runtime)
    {
        var options = runtime.Protocol.Options;
        if (await OAuth2Parameters.ReadBrowserRequestAsync(context, options, "oauth2/sessions/logout") is not var (parameters, requestUrl))
        {
            return;
        }

        var outcome = await runtime.Protocol.Logout.HandleAsync(parameters, requestUrl, name => context.Request.Cookies[name], context.RequestAborted);
        FlowCookieWriter.Apply(context.Response, options, outcome.Cookies);
        context.Response.Headers.CacheControl = "no-store";
        var frames = outcome.FrontChannelUris.Where(BrowserTargets.IsWeb).ToList();
        if (frames.Count == 0)
        {
            BrowserRedirect.Send(context, outcome.Location, options.ErrorUrl);
            return;
        }

        if (!BrowserTargets.IsSafeOrRelative(outcome.Location))
        {
            BrowserRedirect.SendRefused(context, options.ErrorUrl);
            return;
        }

        await FrontChannelPage(outcome.Location, frames).WriteAsync(context);
    }

    /// <summary>
    /// OpenID Connect Front-Channel Logout: one hidden iframe per client, then on to the post-logout URL
    /// (by script once the frames loaded, by a refresh after three seconds without script, or by the link).
    /// </summary>
    private static HtmlPage FrontChannelPage(string next, List<string> frames)
    {
        var encoded = HtmlPage.Encode(next);
        var body = new StringBuilder();
        foreach (var uri in frames)
        {
            body.Append("<iframe hidden src=\"").Append(HtmlPage.Encode(uri)).Append("\"></iframe>");
        }

        body.Append("<p>Logging out… <a id=\"next\" href=\"").Append(encoded).Append("\">Continue</a></p>");
        return new HtmlPage("Logging out", body.ToString())
        {
            Head = $"<meta http-equiv=\"refresh\" content=\"3;url={encoded}\">",
            Script = ContinueScript,
            Frames = [.. frames.Select(uri => BrowserTargets.PolicySource(uri)!)],
        };
    }

    private const string ContinueScript = "window.addEventListener('load',function(){window.location.replace(document.getElementById('next').href);});";
}
