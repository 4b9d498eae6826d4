using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tessera.OAuth2.Flows;
using Tessera.OAuth2.Protocol;

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
        if (outcome.FrontChannelUris.Count == 0)
        {
            context.Response.Redirect(outcome.Location);
            return;
        }

        await WriteFrontChannelPageAsync(context, outcome);
    }

    /// <summary>OpenID Connect Front-Channel Logout: one iframe per client, then on to the post-logout URL.</summary>
    private static async Task WriteFrontChannelPageAsync(HttpContext context, LogoutOutcome outcome)
    {
        var html = HtmlEncoder.Default;
        var next = html.Encode(outcome.Location);
        var page = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Logging out</title>")
            .Append("<meta http-equiv=\"refresh\" content=\"3;url=").Append(next).Append("\"></head><body>");
        foreach (var uri in outcome.FrontChannelUris)
        {
            page.Append("<iframe style=\"display:none\" src=\"").Append(html.Encode(uri)).Append("\"></iframe>");
        }

        page.Append("<script>window.addEventListener('load',function(){window.location.replace(")
            .Append(JavaScriptEncoder.Default.Encode(outcome.Location).Insert(0, "\"") + "\"")
            .Append(");});</script><p>Logging out… <a href=\"").Append(next).Append("\">Continue</a></p></body></html>");
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(page.ToString(), context.RequestAborted);
    }
}
