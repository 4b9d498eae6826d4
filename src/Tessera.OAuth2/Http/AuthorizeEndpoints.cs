using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tessera.OAuth2.Clients;

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
            BrowserRedirect.Send(context, outcome.Location, options.ErrorUrl);
            return;
        }

        if (BrowserTargets.PolicySource(outcome.FormPostUri!) is not { } target)
        {
            BrowserRedirect.SendRefused(context, options.ErrorUrl);
            return;
        }

        await FormPost(outcome.FormPostUri!, target, outcome.FormFields).WriteAsync(context);
    }

    /// <summary>
    /// OAuth 2.0 Form Post Response Mode: a page that posts the response to the client at once (or on a
    /// button, without script). Its policy lets the form post to the client's origin only.
    /// </summary>
    private static HtmlPage FormPost(string uri, string target, IReadOnlyList<KeyValuePair<string, string>> fields)
    {
        var body = new StringBuilder("<form method=\"post\" action=\"").Append(HtmlPage.Encode(uri)).Append("\">");
        foreach (var (name, value) in fields)
        {
            body.Append("<input type=\"hidden\" name=\"").Append(HtmlPage.Encode(name)).Append("\" value=\"").Append(HtmlPage.Encode(value)).Append("\"/>");
        }

        body.Append("<noscript><button type=\"submit\">Continue</button></noscript></form>");
        return new HtmlPage("Submit This Form", body.ToString()) { Script = SubmitScript, FormTargets = [target] };
    }

    private const string SubmitScript = "document.forms[0].submit();";
}
