using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tessera.OAuth2.Protocol;

namespace Tessera.OAuth2.Http;

/// <summary><c>POST /oauth2/revoke</c> (RFC 7009): 200 with an empty body, also for unknown tokens.</summary>
internal static class RevocationEndpoints
{
    public static void Map(IEndpointRouteBuilder routes, OAuth2Runtime runtime)
    {
        routes.MapPost("/oauth2/revoke", context => Revoke(context, runtime.Protocol.Revocation));
    }

    private static async Task Revoke(HttpContext context, Revocation revocation)
    {
        if (await ClientCredentialsReader.ReadRequestAsync(context) is not { } request)
        {
            return;
        }

        if (await revocation.RevokeAsync(request["token"], request.Credentials, context.RequestAborted) is { } problem)
        {
            await OAuth2ErrorWriter.WriteAsync(context, problem);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
    }
}
