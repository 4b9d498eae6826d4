using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tessera.OAuth2.Clients;
using Tessera.Platform.Hosting;
using Tessera.Platform.Json;

namespace Tessera.OAuth2.Http;

/// <summary>
/// Hydra's OAuth 2.0 client administration on the admin listener: <c>/admin/clients</c> (and the v1 alias
/// <c>/clients</c>): create, paged list filtered by <c>client_name</c>/<c>owner</c>, get, replace, JSON Patch,
/// delete, and replace the token lifespans.
/// </summary>
internal static class AdminClientEndpoints
{
    private const string NotFound = "Unable to locate the resource";

    public static void Map(IEndpointRouteBuilder routes, OAuth2Runtime runtime)
    {
        var registrar = ClientRegistrar.For(runtime);
        foreach (var prefix in new[] { "/admin/clients", "/clients" })
        {
            routes.MapPost(prefix, context => Create(context, runtime, registrar));
            routes.MapGet(prefix, context => List(context, runtime, prefix));
            routes.MapGet(prefix + "/{id}", context => Get(context, runtime));
            routes.MapPut(prefix + "/{id}", context => Put(context, runtime, registrar));
            routes.MapPatch(prefix + "/{id}", context => Patch(context, runtime, registrar));
            routes.MapDelete(prefix + "/{id}", context => Delete(context, runtime));
            routes.MapPut(prefix + "/{id}/lifespans", context => Lifespans(context, runtime, registrar));
        }
    }

    /// <summary>A refused client in Hydra's flat <c>{"error","error_description"}</c> shape.</summary>
    internal static async Task WriteErrorAsync(HttpContext context, ClientError error)
    {
        context.Response.StatusCode = error.Status;
        context.Response.ContentType = "application/json; charset=utf-8";
        // Relaxed escaping keeps quotes and apostrophes in descriptions readable; the body is JSON, never HTML.
        await using var body = JsonResponseWriter.Start(context.Response, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        var writer = body.Json;
        writer.WriteStartObject();
        writer.WriteString("error", error.Error);
        writer.WriteString("error_description", error.Description);
        writer.WriteEndObject();
    }

    /// <summary>The request body as a JSON object; null when a 400 has been written.</summary>
    internal static async Task<JsonObject?> ReadObjectAsync(HttpContext context)
    {
        if (await JsonBody.ReadAsync(context) is not { } body)
        {
            return null;
        }

        if (body is JsonObject request)
        {
            return request;
        }

        await OryError.WriteAsync(context, StatusCodes.Status400BadRequest, "The request body must be a JSON object.");
        return null;
    }

    private static async Task Create(HttpContext context, OAuth2Runtime runtime, ClientRegistrar registrar)
    {
        if (await ReadObjectAsync(context) is not { } request)
        {
            return;
        }

        var result = await registrar.CreateAsync(request, ClientValidationOptions.For(runtime.Context, dynamic: false), context.RequestAborted);
        if (await FailedAsync(context, result))
        {
            return;
        }

        var client = result.Client!;
        context.Response.Headers.Location = "/admin/clients/" + Uri.EscapeDataString(client.Id);
        var body = ClientDocument.Render(client, result.Secret, result.RegistrationToken, RegistrationEndpoints.ClientUri(runtime, null, client.Id));
        await JsonBody.WriteAsync(context, body, StatusCodes.Status201Created);
    }

    private static async Task Get(HttpContext context, OAuth2Runtime runtime)
    {
        if (await runtime.Clients.GetAsync(Id(context), context.RequestAborted) is not { } client)
        {
            await OryError.WriteAsync(context, StatusCodes.Status404NotFound, NotFound);
            return;
        }

        await JsonBody.WriteAsync(context, ClientDocument.Render(client));
    }

    private static async Task List(HttpContext context, OAuth2Runtime runtime, string path)
    {
        if (await KeysetPage.ReadAsync(context) is not { } page)
        {
            return;
        }

        var query = context.Request.Query;
        var name = query.TryGetValue("client_name", out var n) && n.ToString().Length > 0 ? n.ToString() : null;
        var owner = query.TryGetValue("owner", out var o) && o.ToString().Length > 0 ? o.ToString() : null;
        var clients = await runtime.Clients.ListAsync(name, owner, page.After, page.Size + 1, context.RequestAborted);
        page.Finish(context, path, clients, c => c.Id, ("client_name", name), ("owner", owner));
        await JsonBody.WriteAsync(context, new JsonArray(clients.Select(c => (JsonNode)ClientDocument.Render(c)).ToArray()));
    }

    private static async Task Put(HttpContext context, OAuth2Runtime runtime, ClientRegistrar registrar)
    {
        if (await ReadObjectAsync(context) is not { } request)
        {
            return;
        }

        if (await runtime.Clients.GetAsync(Id(context), context.RequestAborted) is not { } existing)
        {
            await OryError.WriteAsync(context, StatusCodes.Status404NotFound, NotFound);
            return;
        }

        await ReplaceAsync(context, runtime, registrar, existing, request);
    }

    /// <summary>RFC 6902 JSON Patch on the client's document; a patched <c>client_secret</c> becomes the new secret.</summary>
    private static async Task Patch(HttpContext context, OAuth2Runtime runtime, ClientRegistrar registrar)
    {
        if (await JsonBody.ReadAsync(context) is not { } patch)
        {
            return;
        }

        if (await runtime.Clients.GetAsync(Id(context), context.RequestAborted) is not { } existing)
        {
            await OryError.WriteAsync(context, StatusCodes.Status404NotFound, NotFound);
            return;
        }

        JsonNode? patched;
        try
        {
            patched = JsonPatch.Apply(ClientDocument.Render(existing), patch);
        }
        catch (JsonPatchException e)
        {
            await OryError.WriteAsync(context, StatusCodes.Status400BadRequest, "The request was malformed or contained invalid parameters", e.Message);
            return;
        }

        if (patched is not JsonObject request)
        {
            await OryError.WriteAsync(context, StatusCodes.Status400BadRequest, "The request was malformed or contained invalid parameters", "The patched client must remain a JSON object.");
            return;
        }

        if (request[ClientField.Id] is not JsonValue id || id.GetValueKind() != JsonValueKind.String || id.GetValue<string>() != existing.Id)
        {
            await OryError.WriteAsync(context, StatusCodes.Status400BadRequest, "The request was malformed or contained invalid parameters", "The client_id of a client cannot be changed.");
            return;
        }

        await ReplaceAsync(context, runtime, registrar, existing, request);
    }

    /// <summary>Replaces every per-grant lifespan: the ones the body leaves out are reset to the global TTLs.</summary>
    private static async Task Lifespans(HttpContext context, OAuth2Runtime runtime, ClientRegistrar registrar)
    {
        if (await ReadObjectAsync(context) is not { } lifespans)
        {
            return;
        }

        if (lifespans.Select(p => p.Key).FirstOrDefault(k => !ClientLifespans.Fields.Contains(k)) is { } unknown)
        {
            await AdminClientEndpoints.WriteErrorAsync(context, ClientError.InvalidMetadata($"Field {unknown} is not a token lifespan."));
            return;
        }

        if (await runtime.Clients.GetAsync(Id(context), context.RequestAborted) is not { } existing)
        {
            await OryError.WriteAsync(context, StatusCodes.Status404NotFound, NotFound);
            return;
        }

        var request = ClientDocument.Render(existing);
        foreach (var field in ClientLifespans.Fields)
        {
            request[field] = lifespans[field]?.DeepClone();
        }

        await ReplaceAsync(context, runtime, registrar, existing, request);
    }

    private static async Task Delete(HttpContext context, OAuth2Runtime runtime)
    {
        if (!await runtime.Clients.DeleteAsync(Id(context), context.RequestAborted))
        {
            await OryError.WriteAsync(context, StatusCodes.Status404NotFound, NotFound);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private static async Task ReplaceAsync(HttpContext context, OAuth2Runtime runtime, ClientRegistrar registrar, OAuth2Client existing, JsonObject request)
    {
        var result = await registrar.ReplaceAsync(existing, request, ClientValidationOptions.For(runtime.Context, dynamic: false), context.RequestAborted);
        if (!await FailedAsync(context, result))
        {
            await JsonBody.WriteAsync(context, ClientDocument.Render(result.Client!, result.Secret));
        }
    }

    /// <summary>Writes the error of a failed write; false when it succeeded.</summary>
    private static async Task<bool> FailedAsync(HttpContext context, ClientWrite result)
    {
        if (result.Conflict)
        {
            await OryError.WriteAsync(context, StatusCodes.Status409Conflict, "Unable to insert or update resource because a resource with that value exists already");
            return true;
        }

        if (result.Error is { Status: StatusCodes.Status404NotFound })
        {
            await OryError.WriteAsync(context, StatusCodes.Status404NotFound, NotFound);
            return true;
        }

        if (result.Error is { } error)
        {
            await WriteErrorAsync(context, error);
            return true;
        }

        return false;
    }

    private static string Id(HttpContext context) => (string)context.GetRouteValue("id")!;
}
