using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Tessera.Platform.Hosting;
using Microsoft.AspNetCore.Routing;
using Tessera.OAuth2.Keys;
using Tessera.OAuth2.Storage;

namespace Tessera.OAuth2.Http;

/// <summary>Routes of the public listener (4444). Routing and (de)serialisation only.</summary>
internal static class PublicEndpoints
{
    public static void Map(IEndpointRouteBuilder routes, OAuth2Runtime runtime)
    {
        routes.MapGet("/.well-known/jwks.json", context => Jwks(context, runtime));
    }

    private static async Task Jwks(HttpContext context, OAuth2Runtime runtime)
    {
        var keys = new JsonArray();
        foreach (var set in runtime.BroadcastKeySets)
        {
            foreach (var key in await runtime.Keys.GetSetAsync(set, context.RequestAborted))
            {
                if (key["kty"]?.GetValue<string>() != "oct")
                {
                    keys.Add((JsonNode)JsonWebKeyGenerator.PublicPart(key));
                }
            }
        }

        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "max-age=60";
        await using var body = JsonResponseWriter.Start(context.Response);
        var writer = body.Json;
        new JsonObject { ["keys"] = keys }.WriteTo(writer);
    }
}
