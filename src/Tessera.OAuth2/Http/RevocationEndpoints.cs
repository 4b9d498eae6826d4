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
        var (form, error) = await OAuth2Parameters.ReadFormAsync(context);
        if (form is null)
        {
            await OAuth2ErrorWriter.WriteAsync(context, error!);
            return;
        }

        var (credentials, credentialsError) = ClientCredentialsReader.Read(context.Request, form);
        if (credentials is null)
        {
            await OAuth2ErrorWriter.WriteAsync(context, credentialsError!);
            return;
        }

        if (await revocation.RevokeAsync(form.GetValueOrDefault("token"), credentials, context.RequestAborted) is { } problem)
        {
            await OAuth2ErrorWriter.WriteAsync(context, problem);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
    }
}
