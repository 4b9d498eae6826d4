using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tessera.OAuth2.Protocol;
using Tessera.Platform.Hosting;

namespace Tessera.OAuth2.Http;

/// <summary><c>GET|POST /userinfo</c>: the token from the Bearer header (or, for POST, the <c>access_token</c> form field).</summary>
internal static class UserinfoEndpoints
{
    public static void Map(IEndpointRouteBuilder routes, OAuth2Runtime runtime)
    {
        routes.MapMethods("/userinfo", [HttpMethods.Get, HttpMethods.Post], context => Get(context, runtime.Protocol.Userinfo));
    }

    private static async Task Get(HttpContext context, Userinfo userinfo)
    {
        var header = context.Request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null;
        // RFC 6750 §2.2: the form-encoded body parameter, in an application/x-www-form-urlencoded body only.
        if (token is null && HttpMethods.IsPost(context.Request.Method) && UrlEncodedForm.IsUrlEncoded(context.Request.ContentType))
        {
            token = (await UrlEncodedForm.ReadAsync(context.Request, context.RequestAborted)).FirstOrDefault(p => p.Key == "access_token").Value;
        }

        var (claims, jwt, error) = await userinfo.GetAsync(token, context.RequestAborted);
        if (error is not null)
        {
            context.Response.Headers.WWWAuthenticate = $"Bearer error=\"{error.Error}\",error_description=\"{error.Description.Replace("\"", "'", StringComparison.Ordinal)}\"";
            await OAuth2ErrorWriter.WriteAsync(context, error);
            return;
        }

        context.Response.Headers.CacheControl = "no-store";
        if (jwt is not null)
        {
            context.Response.ContentType = "application/jwt";
            await context.Response.WriteAsync(jwt, context.RequestAborted);
            return;
        }

        await JsonBody.WriteAsync(context, claims!);
    }
}
