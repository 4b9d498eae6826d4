using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tessera.OAuth2.Protocol;

namespace Tessera.OAuth2.Http;

/// <summary><c>GET|POST /oauth2/auth</c>: hands the request to the flow and writes its redirect or form post.</summary>
internal static class AuthorizeEndpoints
{
    public static void Map(IEndpointRouteBuilder routes, OAuth2Runtime runtime)
    {
        routes.MapMethods("/oauth2/auth", [HttpMethods.Get, HttpMethods.Post], context => Authorize(context, runtime));
    }

    private static async Task Authorize(HttpContext context, OAuth2Runtime runtime)
    {
        var options = runtime.Protocol.Options;
        if (await OAuth2Parameters.ReadBrowserRequestAsync(context, options, "oauth2/auth") is not var (parameters, requestUrl))
        {
            return;
        }

        var outcome = await runtime.Protocol.Authorize.HandleAsync(parameters, requestUrl, name => context.Request.Cookies[name], context.RequestAborted);
        FlowCookieWriter.Apply(context.Response, options, outcome.Cookies);
        context.Response.Headers.CacheControl = "no-store";
        if (outcome.Location is not null)
        {
            context.Response.Redirect(outcome.Location);
            return;
        }

        await WriteFormPostAsync(context, outcome.FormPostUri!, outcome.FormFields);
    }

    /// <summary>OAuth 2.0 Form Post Response Mode: a page that posts the response to the client at once.</summary>
    private static async Task WriteFormPostAsync(HttpContext context, string uri, IReadOnlyList<KeyValuePair<string, string>> fields)
    {
        var html = HtmlEncoder.Default;
        var page = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Submit This Form</title></head>")
            .Append("<body onload=\"document.forms[0].submit()\"><form method=\"post\" action=\"").Append(html.Encode(uri)).Append("\">");
        foreach (var (name, value) in fields)
        {
            page.Append("<input type=\"hidden\" name=\"").Append(html.Encode(name)).Append("\" value=\"").Append(html.Encode(value)).Append("\"/>");
        }

        page.Append("<noscript><button type=\"submit\">Continue</button></noscript></form></body></html>");
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(page.ToString(), context.RequestAborted);
    }
}
