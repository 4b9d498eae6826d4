using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Tessera.Platform.Hosting;
using Microsoft.AspNetCore.Routing;
using Tessera.OAuth2.Protocol;

namespace Tessera.OAuth2.Http;

/// <summary><c>POST /oauth2/token</c>: parses the form and credentials, writes RFC 6749 §5 answers.</summary>
internal static class TokenEndpoints
{
    public static void Map(IEndpointRouteBuilder routes, OAuth2Runtime runtime)
    {
        routes.MapPost("/oauth2/token", context => Token(context, runtime.Protocol.Token));
    }

    private static async Task Token(HttpContext context, TokenEndpoint endpoint)
    {
        if (await ClientCredentialsReader.ReadRequestAsync(context) is not { } request)
        {
            return;
        }

        var (response, grantError) = await endpoint.HandleAsync(request, context.RequestAborted);
        if (response is null)
        {
            await OAuth2ErrorWriter.WriteAsync(context, grantError!);
            return;
        }

        await WriteAsync(context, response);
    }

    private static async Task WriteAsync(HttpContext context, TokenResponse response)
    {
        context.Response.ContentType = "application/json;charset=UTF-8";
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.Pragma = "no-cache";
        await using var body = JsonResponseWriter.Start(context.Response);
        var writer = body.Json;
        writer.WriteStartObject();
        writer.WriteString("access_token", response.AccessToken);
        writer.WriteNumber("expires_in", response.ExpiresIn);
        if (response.IdToken is not null)
        {
            writer.WriteString("id_token", response.IdToken);
        }

        if (response.RefreshToken is not null)
        {
            writer.WriteString("refresh_token", response.RefreshToken);
        }

        writer.WriteString("scope", response.Scope);
        writer.WriteString("token_type", response.TokenType);
        writer.WriteEndObject();
    }
}
