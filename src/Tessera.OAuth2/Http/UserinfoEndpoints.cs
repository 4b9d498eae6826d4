using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tessera.OAuth2.Protocol;

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
        if (token is null && HttpMethods.IsPost(context.Request.Method) && context.Request.HasFormContentType)
        {
            token = (await context.Request.ReadFormAsync(context.RequestAborted))["access_token"].ToString();
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
