using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tessera.OAuth2.Clients;
using Tessera.Platform.Hosting;

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
        var clients = runtime.Clients;
        foreach (var prefix in new[] { "/admin/clients", "/clients" })
        {
            routes.MapPost(prefix, context => Create(context, runtime));
            routes.MapGet(prefix, context => List(context, clients, prefix));
            routes.MapGet(prefix + "/{id}", context => Get(context, clients));
            routes.MapPut(prefix + "/{id}", context => Put(context, clients));
            routes.MapPatch(prefix + "/{id}", context => Patch(context, clients));
            routes.MapDelete(prefix + "/{id}", context => Delete(context, clients));
            routes.MapPut(prefix + "/{id}/lifespans", context => Lifespans(context, clients));
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

    private static async Task Create(HttpContext context, OAuth2Runtime runtime)
    {
        if (await ReadObjectAsync(context) is not { } request)
        {
            return;
        }

        var result = await runtime.Clients.CreateAsync(request, dynamic: false, context.RequestAborted);
        if (await FailedAsync(context, result))
        {
            return;
        }

        var client = result.Client!;
        context.Response.Headers.Location = "/admin/clients/" + Uri.EscapeDataString(client.Id);
        var body = ClientDocument.Render(client, result.Secret, result.RegistrationToken, RegistrationEndpoints.ClientUri(runtime, null, client.Id));
        await JsonBody.WriteAsync(context, body, StatusCodes.Status201Created);
    }

    private static async Task Get(HttpContext context, ClientAdministration clients)
    {
        if (await clients.GetAsync(Id(context), context.RequestAborted) is not { } client)
        {
            await OryError.WriteAsync(context, StatusCodes.Status404NotFound, NotFound);
            return;
        }

        await JsonBody.WriteAsync(context, ClientDocument.Render(client));
    }

    private static async Task List(HttpContext context, ClientAdministration clients, string path)
    {
        if (await HydraPageSize.ReadKeysetAsync(context) is not { } page)
        {
            return;
        }

        var query = context.Request.Query;
        var name = query.TryGetValue("client_name", out var n) && n.ToString().Length > 0 ? n.ToString() : null;
        var owner = query.TryGetValue("owner", out var o) && o.ToString().Length > 0 ? o.ToString() : null;
        var found = await clients.ListAsync(name, owner, page.After, page.Size + 1, context.RequestAborted);
        page.Finish(context, path, found, c => c.Id, ("client_name", name), ("owner", owner));
        await JsonBody.WriteAsync(context, new JsonArray(found.Select(c => (JsonNode)ClientDocument.Render(c)).ToArray()));
    }

    private static async Task Put(HttpContext context, ClientAdministration clients)
    {
        if (await ReadObjectAsync(context) is not { } request)
        {
            return;
        }

        await WriteAsync(context, await clients.ReplaceAsync(Id(context), request, context.RequestAborted));
    }

    private static async Task Patch(HttpContext context, ClientAdministration clients)
    {
        if (await JsonBody.ReadAsync(context) is not { } patch)
        {
            return;
        }

        await WriteAsync(context, await clients.PatchAsync(Id(context), patch, context.RequestAborted));
    }

    private static async Task Lifespans(HttpContext context, ClientAdministration clients)
    {
        if (await ReadObjectAsync(context) is not { } lifespans)
        {
            return;
        }

        await WriteAsync(context, await clients.SetLifespansAsync(Id(context), lifespans, context.RequestAborted));
    }

    private static async Task Delete(HttpContext context, ClientAdministration clients)
    {
        if (!await clients.DeleteAsync(Id(context), context.RequestAborted))
        {
            await OryError.WriteAsync(context, StatusCodes.Status404NotFound, NotFound);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    /// <summary>Writes a replaced client, or why it was not replaced.</summary>
    private static async Task WriteAsync(HttpContext context, ClientWrite result)
    {
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

        if (result.Malformed is { } reason)
        {
            await OryError.WriteAsync(context, StatusCodes.Status400BadRequest, "The request was malformed or contained invalid parameters", reason);
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
