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
        foreach (var prefix in new[] { "/admin/keys", "/keys" })
        {
            routes.MapGet(prefix + "/{set}", context => GetSet(context, runtime));
            routes.MapGet(prefix + "/{set}/{kid}", context => GetKey(context, runtime));
            routes.MapPost(prefix + "/{set}", context => CreateSet(context, runtime));
            routes.MapPut(prefix + "/{set}", context => ReplaceSet(context, runtime));
            routes.MapPut(prefix + "/{set}/{kid}", context => PutKey(context, runtime));
            routes.MapDelete(prefix + "/{set}", context => DeleteSet(context, runtime));
            routes.MapDelete(prefix + "/{set}/{kid}", context => DeleteKey(context, runtime));
        }
    }

    private static string Set(HttpContext context) => (string)context.GetRouteValue("set")!;

    private static string Kid(HttpContext context) => (string)context.GetRouteValue("kid")!;

    private static async Task GetSet(HttpContext context, OAuth2Runtime runtime)
    {
        var keys = await runtime.Keys.GetSetAsync(Set(context), context.RequestAborted);
        if (keys.Count == 0)
        {
            await OryError.WriteAsync(context, StatusCodes.Status404NotFound, NotFound);
            return;
        }

        await JsonBody.WriteAsync(context, KeySet(keys));
    }

    private static async Task GetKey(HttpContext context, OAuth2Runtime runtime)
    {
        var key = await runtime.Keys.GetKeyAsync(Set(context), Kid(context), context.RequestAborted);
        if (key is null)
        {
            await OryError.WriteAsync(context, StatusCodes.Status404NotFound, NotFound);
            return;
        }

        await JsonBody.WriteAsync(context, KeySet([key]));
    }

    private static async Task CreateSet(HttpContext context, OAuth2Runtime runtime)
    {
        if (await JsonBody.ReadAsync(context) is not { } body)
        {
            return;
        }

        if (body is not JsonObject request || request["alg"] is not JsonValue algValue || !algValue.TryGetValue<string>(out var alg))
        {
            await OryError.WriteAsync(context, StatusCodes.Status400BadRequest, "The request needs \"alg\".", "Member \"alg\" is required: one of " + string.Join(", ", JsonWebKeyGenerator.Algorithms) + ".");
            return;
        }

        var use = request["use"] is JsonValue u && u.TryGetValue<string>(out var useText) && useText.Length > 0 ? useText : "sig";
        var kid = request["kid"] is JsonValue k && k.TryGetValue<string>(out var kidText) && kidText.Length > 0 ? kidText : null;
        if (use is not ("sig" or "enc") || !JsonWebKeyGenerator.Algorithms.Contains(alg))
        {
            await OryError.WriteAsync(context, StatusCodes.Status400BadRequest, "The key request is invalid.",
                $"\"alg\" must be one of {string.Join(", ", JsonWebKeyGenerator.Algorithms)} and \"use\" sig or enc.");
            return;
        }

        var key = JsonWebKeyGenerator.Generate(alg, kid, use);
        await runtime.Keys.AddKeysAsync(Set(context), [key], context.RequestAborted);
        context.Response.Headers.Location = "/admin/keys/" + Uri.EscapeDataString(Set(context));
        await JsonBody.WriteAsync(context, KeySet([key]), StatusCodes.Status201Created);
    }

    private static async Task ReplaceSet(HttpContext context, OAuth2Runtime runtime)
    {
        if (await JsonBody.ReadAsync(context) is not { } body)
        {
            return;
        }

        if (body is not JsonObject set || set["keys"] is not JsonArray array)
        {
            await OryError.WriteAsync(context, StatusCodes.Status400BadRequest, "The request needs a \"keys\" array.");
            return;
        }

        var keys = new List<JsonObject>();
        for (var i = 0; i < array.Count; i++)
        {
            if (JsonWebKeyValidator.Problem(array[i]) is { } problem)
            {
                await OryError.WriteAsync(context, StatusCodes.Status400BadRequest, $"keys[{i}]: {problem}.");
                return;
            }

            keys.Add(array[i]!.AsObject());
        }

        await runtime.Keys.ReplaceSetAsync(Set(context), keys, context.RequestAborted);
        await JsonBody.WriteAsync(context, KeySet(keys));
    }

    private static async Task PutKey(HttpContext context, OAuth2Runtime runtime)
    {
        if (await JsonBody.ReadAsync(context) is not { } body)
        {
            return;
        }

        if (JsonWebKeyValidator.Problem(body) is { } problem)
        {
            await OryError.WriteAsync(context, StatusCodes.Status400BadRequest, problem + ".");
            return;
        }

        var key = body.AsObject();
        if (key["kid"]!.GetValue<string>() != Kid(context))
        {
            await OryError.WriteAsync(context, StatusCodes.Status400BadRequest, "The key's \"kid\" must match the kid in the path.");
            return;
        }

        await runtime.Keys.AddKeysAsync(Set(context), [key], context.RequestAborted);
        await JsonBody.WriteAsync(context, key);
    }

    private static async Task DeleteSet(HttpContext context, OAuth2Runtime runtime)
    {
        if (!await runtime.Keys.DeleteSetAsync(Set(context), context.RequestAborted))
        {
            await OryError.WriteAsync(context, StatusCodes.Status404NotFound, NotFound);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private static async Task DeleteKey(HttpContext context, OAuth2Runtime runtime)
    {
        if (!await runtime.Keys.DeleteKeyAsync(Set(context), Kid(context), context.RequestAborted))
        {
            await OryError.WriteAsync(context, StatusCodes.Status404NotFound, NotFound);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private static JsonObject KeySet(IEnumerable<JsonObject> keys)
        => new() { ["keys"] = new JsonArray(keys.Select(k => (JsonNode)k.DeepClone()).ToArray()) };
}
