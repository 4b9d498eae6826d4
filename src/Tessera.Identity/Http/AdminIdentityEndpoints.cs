using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tessera.Identity.Config;
using Tessera.Identity.Credentials;
using Tessera.Identity.Identities;
using Tessera.Platform.Hosting;

namespace Tessera.Identity.Http;

/// <summary>
/// Kratos's identity admin API: <c>GET|POST|PATCH /admin/identities</c> (PATCH: the batch of creates),
/// <c>GET|PUT|PATCH|DELETE /admin/identities/{id}</c> (PATCH: RFC 6902 JSON Patch),
/// <c>DELETE /admin/identities/{id}/credentials/{type}</c> and <c>GET /admin/identities/by/external/{externalID}</c>.
/// Lists are paged by id with <c>page_size</c>/<c>page_token</c> and a <c>Link</c> header (or, given <c>page</c>, by
/// Kratos's legacy page numbers: <see cref="LegacyPagePaging"/>), and filtered by
/// <c>credentials_identifier</c>, <c>preview_credentials_identifier_similar</c>, <c>ids</c> and <c>organization_id</c>;
/// reads take <c>include_credential</c>.
/// </summary>
internal static class AdminIdentityEndpoints
{
    private const string Path = "/admin/identities";

    /// <summary>At most this many <c>ids</c> in one list request, as Kratos bounds them.</summary>
    private const int MaxIds = 500;

    /// <summary>The credential types Kratos's <c>include_credential</c> (ParseCredentialsType) accepts.</summary>
    private static readonly string[] CredentialTypes = ["password", "oidc", "saml", "totp", "lookup_secret", "webauthn", "code", "link_recovery", "code_recovery", "deviceauthn", "passkey"];

    /// <summary>
    /// Maps the routes under <paramref name="prefix"/>: <c>/admin</c>, and <c>""</c> for Kratos's admin listener, which
    /// serves every admin path without its <c>/admin</c> prefix too (httprouterx's <c>AddAdminPrefixIfNotPresent</c>) —
    /// the <c>Location</c> of a created identity is such a path.
    /// </summary>
    public static void Map(IEndpointRouteBuilder routes, string prefix, IdentityAdministration identities, IdentityBatch batch, CredentialRemoval credentials, string publicBase, string adminBase)
    {
        var path = prefix + "/identities";
        routes.MapPost(path, context => Create(context, identities, publicBase, adminBase));
        routes.MapGet(path, context => List(context, identities, publicBase));
        routes.MapPatch(path, context => Batch(context, batch));
        routes.MapGet(path + "/{id}", context => Read(context, identities.GetAsync(Id(context), context.RequestAborted), publicBase));
        routes.MapGet(path + "/by/external/{externalId}", context => Read(context, identities.GetByExternalIdAsync((string)context.GetRouteValue("externalId")!, context.RequestAborted), publicBase));
        routes.MapDelete(path + "/{id}/credentials/{type}", context => DeleteCredential(context, credentials));
        routes.MapPut(path + "/{id}", context => Update(context, identities, publicBase));
        routes.MapPatch(path + "/{id}", context => Patch(context, identities, publicBase));
        routes.MapDelete(path + "/{id}", context => Delete(context, identities));
    }

    private static async Task Create(HttpContext context, IdentityAdministration identities, string publicBase, string adminBase)
    {
        if (await ReadAsync(context) is not { } request)
        {
            return;
        }

        var result = await identities.CreateAsync(request, context.RequestAborted);
        if (result.Identity is { } identity)
        {
            // Kratos: the admin base URL joined with identities/<id> (no /admin: its admin listener adds that itself).
            context.Response.Headers.Location = AdminBaseUrl.AppendPaths(adminBase, "identities", identity.Id);
        }

        await Answer(context, Task.FromResult(result), publicBase, StatusCodes.Status201Created);
    }

    private static async Task Update(HttpContext context, IdentityAdministration identities, string publicBase)
    {
        if (await ReadAsync(context) is not { } request)
        {
            return;
        }

        await Answer(context, identities.UpdateAsync(Id(context), request, context.RequestAborted), publicBase);
    }

    private static async Task Patch(HttpContext context, IdentityAdministration identities, string publicBase)
    {
        if (await KratosJson.ReadAsync(context) is not { } patch)
        {
            return;
        }

        await Answer(context, identities.PatchAsync(Id(context), patch, context.RequestAborted), publicBase);
    }

    private static async Task Delete(HttpContext context, IdentityAdministration identities)
    {
        if (!await identities.DeleteAsync(Id(context), context.RequestAborted))
        {
            await KratosJson.ErrorAsync(context, IdentityError.NotFound);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private static async Task List(HttpContext context, IdentityAdministration identities, string publicBase)
    {
        // Kratos checks the filters first, then the paging parameters.
        var query = context.Request.Query;
        var identifier = Single(query, "credentials_identifier");
        var similar = Single(query, "preview_credentials_identifier_similar");
        var organization = Single(query, "organization_id");
        var ids = query["ids"].Select(id => id ?? "").ToList();
        if ((ListProblem(ids, organization, identifier, similar) ?? IncludeProblem(query)) is { } problem)
        {
            await KratosJson.ErrorAsync(context, IdentityError.BadRequest(problem));
            return;
        }

        ids = ids.Select(id => Guid.Parse(id).ToString()).Distinct().ToList();
        organization = organization is null ? null : Guid.Parse(organization).ToString();
        var include = Included(query);

        // Kratos expands credentials in a list only when it filters by identifier or is asked to include some.
        var withCredentials = identifier is not null || similar is not null || include.Count > 0;
        List<IdentityResult> page;
        if (LegacyPagePaging.IsRequested(query))
        {
            var (legacy, error) = LegacyPagePaging.Read(query);
            if (error is not null)
            {
                await KratosJson.ErrorAsync(context, error);
                return;
            }

            var filter = new IdentityPage("", (int)legacy!.PerPage, identifier, ids, organization) { CredentialsIdentifierSimilar = similar, Offset = legacy.Offset };
            page = await identities.ListAsync(filter, withCredentials, context.RequestAborted);

            // Kratos counts every identity, except under credentials_identifier, where the total is this page's length.
            var total = identifier is null ? await identities.CountAsync(context.RequestAborted) : page.Count;
            legacy.WriteHeaders(context, Path, total);
        }
        else
        {
            if (await KratosPaging.ReadKeysetAsync(context, perPage: true, KratosPaging.AtoiError) is not { } request)
            {
                return;
            }

            var filter = new IdentityPage(request.After, request.Size + 1, identifier, ids, organization) { CredentialsIdentifierSimilar = similar };
            page = await identities.ListAsync(filter, withCredentials, context.RequestAborted);
            request.Finish(context, Path, page, result => result.Identity!.Id,
                [("credentials_identifier", identifier), ("preview_credentials_identifier_similar", similar), ("organization_id", organization), .. ids.Select(id => ("ids", (string?)id)), .. include.Select(type => ("include_credential", (string?)type))]);
        }

        await KratosJson.WriteAsync(context, new JsonArray(page.Select(result => (JsonNode)IdentityView.Render(result.Identity!, publicBase, result.Parts, include)).ToArray()));
    }

    private static async Task Batch(HttpContext context, IdentityBatch batch)
    {
        if (await KratosJson.ReadAsync(context) is not { } body)
        {
            return;
        }

        var (patches, parseError) = IdentityBatch.Parse(body);
        var (outcomes, error) = parseError is null ? await batch.ApplyAsync(patches!, context.RequestAborted) : (null, parseError);
        if (error is not null)
        {
            await KratosJson.ErrorAsync(context, error);
            return;
        }

        var items = new JsonArray();
        foreach (var outcome in outcomes!)
        {
            items.Add((JsonNode?)(outcome is null ? null : Outcome(outcome)));
        }

        await KratosJson.WriteAsync(context, new JsonObject { ["identities"] = items });
    }

    /// <summary>One item's outcome as Kratos writes it; its error is herodot's DefaultError, not wrapped in <c>error</c>.</summary>
    private static JsonObject Outcome(BatchPatchOutcome outcome)
    {
        var json = new JsonObject { ["action"] = outcome.Action };
        if (outcome.IdentityId is not null)
        {
            json["identity"] = outcome.IdentityId;
        }

        if (outcome.PatchId is not null)
        {
            json["patch_id"] = outcome.PatchId;
        }

        if (outcome.Error is { } error)
        {
            json["error"] = KratosJson.ErrorBody(error);
        }

        return json;
    }

    private static async Task DeleteCredential(HttpContext context, CredentialRemoval credentials)
    {
        var type = (string)context.GetRouteValue("type")!;
        var identifier = Single(context.Request.Query, "identifier");
        if (await credentials.DeleteAsync(Id(context), type, identifier, context.RequestAborted) is { } error)
        {
            await KratosJson.ErrorAsync(context, error);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    /// <summary>A single identity with the credentials <c>include_credential</c> names declassified.</summary>
    private static async Task Read(HttpContext context, Task<IdentityResult> operation, string publicBase)
    {
        if (IncludeProblem(context.Request.Query) is { } problem)
        {
            await KratosJson.ErrorAsync(context, IdentityError.BadRequest(problem));
            return;
        }

        await Answer(context, operation, publicBase, declassify: Included(context.Request.Query));
    }

    private static List<string> Included(IQueryCollection query) => query["include_credential"].Select(v => v ?? "").Distinct().ToList();

    /// <summary>Kratos's 400 reason for an <c>include_credential</c> that names no credential type.</summary>
    private static string? IncludeProblem(IQueryCollection query)
        => query["include_credential"].FirstOrDefault(v => !CredentialTypes.Contains(v)) is { } bad ? $"Invalid value `{bad}` for parameter `include_credential`." : null;

    /// <summary>The request body as an identity request; null when a 400 has been written.</summary>
    private static async Task<IdentityRequest?> ReadAsync(HttpContext context)
    {
        if (await KratosJson.ReadAsync(context) is not { } body)
        {
            return null;
        }

        var (request, error) = IdentityRequest.Parse(body);
        if (error is not null)
        {
            await KratosJson.ErrorAsync(context, error);
        }

        return request;
    }

    private static async Task Answer(HttpContext context, Task<IdentityResult> operation, string publicBase, int status = StatusCodes.Status200OK, IReadOnlyCollection<string>? declassify = null)
    {
        var result = await operation;
        if (result.Error is { } error)
        {
            await KratosJson.ErrorAsync(context, error);
            return;
        }

        await KratosJson.WriteAsync(context, IdentityView.Render(result.Identity!, publicBase, result.Parts, declassify), status);
    }

    /// <summary>Kratos's checks of the list filters, with its reasons: UUIDs, at most 500 ids, one filter at a time.</summary>
    private static string? ListProblem(List<string> ids, string? organization, string? identifier, string? similar)
    {
        if (ids.FirstOrDefault(id => !Guid.TryParse(id, out _)) is { } badId)
        {
            return $"Invalid UUID value `{badId}` for parameter `ids`.";
        }

        if (ids.Count > MaxIds)
        {
            return $"The number of ids to filter must not exceed {MaxIds}.";
        }

        if (organization is not null && !Guid.TryParse(organization, out _))
        {
            return $"Invalid UUID value `{organization}` for parameter `organization_id`.";
        }

        return (ids.Count > 0 ? 1 : 0) + (organization is null ? 0 : 1) + (identifier is null ? 0 : 1) + (similar is null ? 0 : 1) > 1
            ? "You cannot combine multiple filters in this API"
            : null;
    }

    private static string? Single(IQueryCollection query, string name) => query.TryGetValue(name, out var value) && value.ToString().Length > 0 ? value.ToString() : null;

    private static string Id(HttpContext context) => (string)context.GetRouteValue("id")!;
}
