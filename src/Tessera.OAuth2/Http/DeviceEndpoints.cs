using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tessera.OAuth2.Protocol;

namespace Tessera.OAuth2.Http;

/// <summary>RFC 8628 on the public listener: <c>POST /oauth2/device/auth</c> and <c>GET /oauth2/device/verify</c>.</summary>
internal static class DeviceEndpoints
{
    public static void Map(IEndpointRouteBuilder routes, OAuth2Runtime runtime)
    {
        routes.MapPost("/oauth2/device/auth", context => Authorize(context, runtime));
        routes.MapGet("/oauth2/device/verify", context => Verify(context, runtime));
    }

    private static async Task Authorize(HttpContext context, OAuth2Runtime runtime)
    {
        if (await ClientCredentialsReader.ReadRequestAsync(context) is not { } request)
        {
            return;
        }

        var (response, problem) = await runtime.Protocol.Devices.AuthorizeDeviceAsync(request, context.RequestAborted);
        if (response is null)
        {
            await OAuth2ErrorWriter.WriteAsync(context, problem!);
            return;
        }

        context.Response.Headers.CacheControl = "no-store";
        await JsonBody.WriteAsync(context, response);
    }

    private static async Task Verify(HttpContext context, OAuth2Runtime runtime)
    {
        var options = runtime.Protocol.Options;
        var (parameters, error) = OAuth2Parameters.FromPairs(context.Request.Query);
        if (parameters is null)
        {
            context.Response.Redirect(AuthorizationResponse.ErrorPage(options.ErrorUrl, error!).Location!);
            return;
        }

        var outcome = await runtime.Protocol.Devices.VerifyAsync(parameters, name => context.Request.Cookies[name], context.RequestAborted);
        FlowCookieWriter.Apply(context.Response, options, outcome.Cookies);
        context.Response.Headers.CacheControl = "no-store";
        BrowserRedirect.Send(context, outcome.Location!, options.ErrorUrl);
    }
}
