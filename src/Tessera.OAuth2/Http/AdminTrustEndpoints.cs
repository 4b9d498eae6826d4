using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tessera.OAuth2.Keys;
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
        foreach (var prefix in new[] { "/admin/trust/grants/jwt-bearer/issuers", "/trust/grants/jwt-bearer/issuers" })
        {
            routes.MapPost(prefix, context => Create(context, runtime));
            routes.MapGet(prefix, context => List(context, runtime, prefix));
            routes.MapGet(prefix + "/{id}", context => Get(context, runtime));
            routes.MapDelete(prefix + "/{id}", context => Delete(context, runtime));
        }
    }

    private static async Task Create(HttpContext context, OAuth2Runtime runtime)
    {
        if (await JsonBody.ReadAsync(context) is not { } body)
        {
            return;
        }

        if (body is not JsonObject request)
        {
            await MissingAsync(context, "The request body must be a JSON object.");
            return;
        }

        var issuer = JsonFields.Text(request, "issuer");
        var subject = JsonFields.Text(request, "subject") ?? "";
        var allowAny = request["allow_any_subject"] is JsonValue a && a.GetValueKind() == JsonValueKind.True;
        var scope = request["scope"] is JsonArray s && s.All(i => i?.GetValueKind() == JsonValueKind.String)
            ? s.Select(i => i!.GetValue<string>()).ToList()
            : null;
        DateTimeOffset expiresAt = default;
        var expiresOk = JsonFields.Text(request, "expires_at") is { } expires && DateTimeOffset.TryParse(expires, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out expiresAt);
        var problem =
            string.IsNullOrEmpty(issuer) ? "Field 'issuer' is required." :
            subject.Length == 0 && !allowAny ? "One of 'subject' or 'allow_any_subject' field must be set." :
            subject.Length > 0 && allowAny ? "Both 'subject' and 'allow_any_subject' fields cannot be set at the same time." :
            !expiresOk ? "Field 'expires_at' is required and must be an RFC 3339 date-time." :
            request["scope"] is not null && scope is null ? "Field 'scope' must be an array of strings." :
            JsonWebKeyValidator.Problem(request["jwk"]) is { } keyProblem ? $"Field 'jwk' must contain a JWK with a kid: {keyProblem}." :
            null;
        if (problem is not null)
        {
            await MissingAsync(context, problem);
            return;
        }

        var publicKey = request["jwk"]!.AsObject();
        if (publicKey.ContainsKey("d") || publicKey.ContainsKey("k"))
        {
            await MissingAsync(context, "Field 'jwk' must be a public key.");
            return;
        }

        var grant = await runtime.Trust.CreateAsync(issuer!, subject, allowAny, scope ?? [], (JsonObject)publicKey.DeepClone(), expiresAt, context.RequestAborted);
        if (grant is null)
        {
            await OryError.WriteAsync(context, StatusCodes.Status409Conflict, "This issuer, subject and key are trusted already.");
            return;
        }

        await JsonBody.WriteAsync(context, Render(grant), StatusCodes.Status201Created);
    }

    private static async Task Get(HttpContext context, OAuth2Runtime runtime)
    {
        var grant = await runtime.Trust.GetAsync((string)context.GetRouteValue("id")!, context.RequestAborted);
        if (grant is null)
        {
            await OryError.WriteAsync(context, StatusCodes.Status404NotFound, "Unable to locate the resource");
            return;
        }

        await JsonBody.WriteAsync(context, Render(grant));
    }

    private static async Task Delete(HttpContext context, OAuth2Runtime runtime)
    {
        if (!await runtime.Trust.DeleteAsync((string)context.GetRouteValue("id")!, context.RequestAborted))
        {
            await OryError.WriteAsync(context, StatusCodes.Status404NotFound, "Unable to locate the resource");
            return;
        }

        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private static async Task List(HttpContext context, OAuth2Runtime runtime, string path)
    {
        if (await KeysetPage.ReadAsync(context) is not { } request)
        {
            return;
        }

        var issuer = context.Request.Query.TryGetValue("issuer", out var i) && i.ToString().Length > 0 ? i.ToString() : null;
        var page = await runtime.Trust.ListAsync(issuer, request.After, request.Size + 1, context.RequestAborted);
        request.Finish(context, path, page, g => g.Id, ("issuer", issuer));
        await JsonBody.WriteAsync(context, new JsonArray(page.Select(g => (JsonNode)Render(g)).ToArray()));
    }

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
