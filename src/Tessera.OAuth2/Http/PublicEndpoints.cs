using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Tessera.Platform.Hosting;
using Microsoft.AspNetCore.Routing;
using Tessera.OAuth2.Keys;

namespace Tessera.OAuth2.Http;

/// <summary>Routes of the public listener (4444). Routing and (de)serialisation only.</summary>
internal static class PublicEndpoints
{
    public static void Map(IEndpointRouteBuilder routes, OAuth2Runtime runtime)
    {
        var keys = runtime.Keys;
        routes.MapGet("/.well-known/jwks.json", context => Jwks(context, keys));
    }

    private static async Task Jwks(HttpContext context, KeyAdministration keys)
    {
        var published = await keys.PublicKeysAsync(context.RequestAborted);
        context.Response.ContentType = "application/json; charset=utf-8";
        await using var body = JsonResponseWriter.Start(context.Response);
        var writer = body.Json;
        new JsonObject { ["keys"] = new JsonArray(published.Select(k => (JsonNode)k).ToArray()) }.WriteTo(writer);
    }
}
