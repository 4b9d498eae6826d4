using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tessera.Identity.Identities;
using Tessera.Identity.Schemas;
using Tessera.Platform.Hosting;

namespace Tessera.Identity.Http;

/// <summary>
/// <c>GET /schemas</c> (a page of <c>[{id, schema}]</c>, paged with <c>page_size</c>/<c>page_token</c>
/// and a <c>Link</c> header) and <c>GET /schemas/{id}</c> (the raw schema; the id plain or in base64url),
/// on both listeners as Kratos serves them.
/// </summary>
internal static class SchemaEndpoints
{
    public static void Map(IEndpointRouteBuilder routes, SchemaCatalog schemas, string prefix = "")
    {
        routes.MapGet(prefix + "/schemas", context => List(context, schemas, prefix + "/schemas"));
        routes.MapGet(prefix + "/schemas/{id}", context => Get(context, schemas));
    }

    private static async Task List(HttpContext context, SchemaCatalog schemas, string path)
    {
        if (await KratosPaging.ReadOffsetStyleAsync(context) is not { } request)
        {
            return;
        }

        var page = schemas.All.Where(s => string.CompareOrdinal(s.Id, request.After) > 0).Take(request.Size + 1).ToList();
        request.Finish(context, path, page, s => s.Id);
        KratosPaging.TotalCount(context, schemas.All.Count);
        await KratosJson.WriteAsync(context, new JsonArray(page.Select(s => (JsonNode)new JsonObject { ["id"] = s.Id, ["schema"] = s.Document.DeepClone() }).ToArray()));
    }

    private static async Task Get(HttpContext context, SchemaCatalog schemas)
    {
        var id = (string)context.GetRouteValue("id")!;
        if (schemas.FindByUrlId(id) is not { } schema)
        {
            await KratosJson.ErrorAsync(context, IdentityError.NotFound with { Reason = $"unable to find JSON Schema ID: {id}" });
            return;
        }

        await KratosJson.WriteAsync(context, schema.Document);
    }
}
