using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tessera.OAuth2.Trust;
using Tessera.Platform.Hosting;
using Tessera.Platform.Json;

namespace Tessera.OAuth2.Http;

/// <summary>
/// Hydra's trusted JWT-bearer issuers on the admin listener: <c>/admin/trust/grants/jwt-bearer/issuers</c>
/// (and the v1 alias without <c>/admin</c>). Lists are paged with <c>page_size</c>/<c>page_token</c> and a
/// <c>Link</c> header.
/// </summary>
internal static class AdminTrustEndpoints
{
    private const string MissingParameter = "One of the required parameters is missing. Check your request parameters.";

    public static void Map(IEndpointRouteBuilder routes, OAuth2Runtime runtime)
    {
        var trust = runtime.Trust;
        foreach (var prefix in new[] { "/admin/trust/grants/jwt-bearer/issuers", "/trust/grants/jwt-bearer/issuers" })
        {
            routes.MapPost(prefix, context => Create(context, trust));
            routes.MapGet(prefix, context => List(context, trust, prefix));
            routes.MapGet(prefix + "/{id}", context => Get(context, trust));
            routes.MapDelete(prefix + "/{id}", context => Delete(context, trust));
        }
    }

    private static async Task Create(HttpContext context, TrustAdministration trust)
    {
        if (await JsonBody.ReadAsync(context) is not { } body)
        {
            return;
        }

        var result = await trust.CreateAsync(body, context.RequestAborted);
        if (result.Error is { } error)
        {
            await MissingAsync(context, error.Hint);
            return;
        }

        if (result.Conflict)
        {
            await OryError.WriteAsync(context, StatusCodes.Status409Conflict, "This issuer, subject and key are trusted already.");
            return;
        }

        // Hydra's Location is the v1 path (without /admin), which this listener serves too.
        context.Response.Headers.Location = "/trust/grants/jwt-bearer/issuers/" + Uri.EscapeDataString(result.Grant!.Id);
        await JsonBody.WriteAsync(context, Render(result.Grant), StatusCodes.Status201Created);
    }

    private static async Task Get(HttpContext context, TrustAdministration trust)
    {
        if (await trust.GetAsync(Id(context), context.RequestAborted) is not { } grant)
        {
            await OryError.WriteAsync(context, StatusCodes.Status404NotFound, "Unable to locate the resource");
            return;
        }

        await JsonBody.WriteAsync(context, Render(grant));
    }

    private static async Task Delete(HttpContext context, TrustAdministration trust)
    {
        if (!await trust.DeleteAsync(Id(context), context.RequestAborted))
        {
            await OryError.WriteAsync(context, StatusCodes.Status404NotFound, "Unable to locate the resource");
            return;
        }

        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private static async Task List(HttpContext context, TrustAdministration trust, string path)
    {
        if (await HydraPageSize.ReadKeysetAsync(context) is not { } request)
        {
            return;
        }

        var issuer = context.Request.Query.TryGetValue("issuer", out var i) && i.ToString().Length > 0 ? i.ToString() : null;
        var page = await trust.ListAsync(issuer, request.After, request.Size + 1, context.RequestAborted);
        request.Finish(context, path, page, g => g.Id, ("issuer", issuer));
        await JsonBody.WriteAsync(context, new JsonArray(page.Select(g => (JsonNode)Render(g)).ToArray()));
    }

    private static string Id(HttpContext context) => (string)context.GetRouteValue("id")!;

    private static JsonObject Render(TrustedIssuer grant) => new()
    {
        ["id"] = grant.Id,
        ["issuer"] = grant.Issuer,
        ["subject"] = grant.Subject,
        ["allow_any_subject"] = grant.AllowAnySubject,
        ["scope"] = new JsonArray(grant.Scope.Select(s => (JsonNode?)JsonValue.Create(s)).ToArray()),
        ["public_key"] = new JsonObject { ["set"] = grant.KeySet, ["kid"] = grant.KeyId },
        ["created_at"] = JsonFields.Time(grant.CreatedAt),
        ["expires_at"] = JsonFields.Time(grant.ExpiresAt),
    };

    /// <summary>Hydra answers a missing or invalid field with fosite's <c>missing_required_parameter</c>.</summary>
    private static async Task MissingAsync(HttpContext context, string hint)
    {
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        context.Response.ContentType = "application/json; charset=utf-8";
        await using var body = JsonResponseWriter.Start(context.Response);
        var writer = body.Json;
        writer.WriteStartObject();
        writer.WriteString("error", "missing_required_parameter");
        writer.WriteString("error_description", MissingParameter + " " + hint);
        writer.WriteEndObject();
    }
}
