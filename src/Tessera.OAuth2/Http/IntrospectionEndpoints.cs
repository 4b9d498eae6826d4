using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Tessera.Platform.Hosting;
using Microsoft.AspNetCore.Routing;
using Tessera.OAuth2.Protocol;
using Tessera.Platform.Json;

namespace Tessera.OAuth2.Http;

/// <summary>
/// <c>POST /admin/oauth2/introspect</c> (and the v1 path <c>/oauth2/introspect</c>) on the admin listener,
/// in Hydra's response shape. Like Hydra, the admin API does not authenticate the caller.
/// </summary>
internal static class IntrospectionEndpoints
{
    public static void Map(IEndpointRouteBuilder routes, OAuth2Runtime runtime)
    {
        foreach (var path in new[] { "/admin/oauth2/introspect", "/oauth2/introspect" })
        {
            routes.MapPost(path, context => Introspect(context, runtime.Protocol.Introspection));
        }
    }

    private static async Task Introspect(HttpContext context, Introspection introspection)
    {
        var (form, error) = await OAuth2Parameters.ReadFormAsync(context);
        if (form is null)
        {
            await OAuth2ErrorWriter.WriteAsync(context, error!);
            return;
        }

        if (!form.TryGetValue("token", out var token) || token.Length == 0)
        {
            await OAuth2ErrorWriter.WriteAsync(context, OAuth2Error.InvalidRequest("The request is missing the token parameter."));
            return;
        }

        var scopes = TokenRequest.SplitSpaces(form.GetValueOrDefault("scope"));
        var result = await introspection.IntrospectAsync(token, scopes, context.RequestAborted);
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        await using var body = JsonResponseWriter.Start(context.Response);
        var writer = body.Json;
        writer.WriteStartObject();
        writer.WriteBoolean("active", result is not null);
        if (result is not null)
        {
            var found = result.Token;
            var session = found.Session;
            JsonWriterFields.Strings(writer, "aud", session.GrantedAudience);
            writer.WriteString("client_id", session.ClientId);
            if (found.ExpiresAt is { } exp)
            {
                writer.WriteNumber("exp", exp.ToUnixTimeSeconds());
            }

            writer.WritePropertyName("ext");
            session.AccessTokenClaims.WriteTo(writer);
            writer.WriteNumber("iat", found.RequestedAt.ToUnixTimeSeconds());
            writer.WriteString("iss", result.Issuer);
            writer.WriteNumber("nbf", found.RequestedAt.ToUnixTimeSeconds());
            if (session.ObfuscatedSubject is { } obfuscated && obfuscated != session.Subject)
            {
                writer.WriteString("obfuscated_subject", obfuscated);
            }

            writer.WriteString("scope", string.Join(' ', session.GrantedScopes));
            writer.WriteString("sub", session.Subject);
            writer.WriteString("token_type", "Bearer");
            writer.WriteString("token_use", result.TokenUse);
        }

        writer.WriteEndObject();
    }
}
