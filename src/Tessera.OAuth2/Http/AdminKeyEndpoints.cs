using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tessera.OAuth2.Keys;
using Tessera.Platform.Hosting;

namespace Tessera.OAuth2.Http;

/// <summary>
/// Hydra's JSON Web Key administration on the admin listener: <c>/admin/keys/{set}</c> and
/// <c>/admin/keys/{set}/{kid}</c>, plus the v1 aliases under <c>/keys</c>. Keys are returned with their
/// private members, as Hydra's admin API does; the admin API must stay private.
/// </summary>
internal static class AdminKeyEndpoints
{
    private const string NotFound = "Unable to locate the resource";

    public static void Map(IEndpointRouteBuilder routes, OAuth2Runtime runtime)
    {
        var keys = runtime.Keys;
        foreach (var prefix in new[] { "/admin/keys", "/keys" })
        {
            routes.MapGet(prefix + "/{set}", context => GetSet(context, keys));
            routes.MapGet(prefix + "/{set}/{kid}", context => GetKey(context, keys));
            routes.MapPost(prefix + "/{set}", context => CreateSet(context, keys));
            routes.MapPut(prefix + "/{set}", context => ReplaceSet(context, keys));
            routes.MapPut(prefix + "/{set}/{kid}", context => PutKey(context, keys));
            routes.MapDelete(prefix + "/{set}", context => Found(context, keys.DeleteSetAsync(Set(context), context.RequestAborted)));
            routes.MapDelete(prefix + "/{set}/{kid}", context => Found(context, keys.DeleteKeyAsync(Set(context), Kid(context), context.RequestAborted)));
        }
    }

    private static string Set(HttpContext context) => (string)context.GetRouteValue("set")!;

    private static string Kid(HttpContext context) => (string)context.GetRouteValue("kid")!;

    private static async Task GetSet(HttpContext context, KeyAdministration keys)
    {
        var set = await keys.GetSetAsync(Set(context), context.RequestAborted);
        if (set.Count == 0)
        {
            await OryError.WriteAsync(context, StatusCodes.Status404NotFound, NotFound);
            return;
        }

        await JsonBody.WriteAsync(context, KeySet(set));
    }

    private static async Task GetKey(HttpContext context, KeyAdministration keys)
    {
        if (await keys.GetKeyAsync(Set(context), Kid(context), context.RequestAborted) is not { } key)
        {
            await OryError.WriteAsync(context, StatusCodes.Status404NotFound, NotFound);
            return;
        }

        await JsonBody.WriteAsync(context, KeySet([key]));
    }

    private static async Task CreateSet(HttpContext context, KeyAdministration keys)
    {
        if (await JsonBody.ReadAsync(context) is not { } body)
        {
            return;
        }

        var result = await keys.GenerateAsync(Set(context), body, context.RequestAborted);
        if (await RefusedAsync(context, result))
        {
            return;
        }

        context.Response.Headers.Location = "/admin/keys/" + Uri.EscapeDataString(Set(context));
        await JsonBody.WriteAsync(context, KeySet(result.Keys), StatusCodes.Status201Created);
    }

    private static async Task ReplaceSet(HttpContext context, KeyAdministration keys)
    {
        if (await JsonBody.ReadAsync(context) is not { } body)
        {
            return;
        }

        var result = await keys.ReplaceSetAsync(Set(context), body, context.RequestAborted);
        if (!await RefusedAsync(context, result))
        {
            await JsonBody.WriteAsync(context, KeySet(result.Keys));
        }
    }

    private static async Task PutKey(HttpContext context, KeyAdministration keys)
    {
        if (await JsonBody.ReadAsync(context) is not { } body)
        {
            return;
        }

        var result = await keys.PutKeyAsync(Set(context), Kid(context), body, context.RequestAborted);
        if (!await RefusedAsync(context, result))
        {
            await JsonBody.WriteAsync(context, result.Keys[0]);
        }
    }

    /// <summary>204 when something was deleted, else 404.</summary>
    private static async Task Found(HttpContext context, Task<bool> deleted)
    {
        if (!await deleted)
        {
            await OryError.WriteAsync(context, StatusCodes.Status404NotFound, NotFound);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    /// <summary>Writes the 400 of a refused write; false when the keys were stored.</summary>
    private static async Task<bool> RefusedAsync(HttpContext context, KeyWrite result)
    {
        if (result.Error is not { } error)
        {
            return false;
        }

        await OryError.WriteAsync(context, StatusCodes.Status400BadRequest, error.Message, error.Reason);
        return true;
    }

    private static JsonObject KeySet(IEnumerable<JsonObject> keys)
        => new() { ["keys"] = new JsonArray(keys.Select(k => (JsonNode)k.DeepClone()).ToArray()) };
}
