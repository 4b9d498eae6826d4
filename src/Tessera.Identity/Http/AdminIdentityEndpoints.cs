using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tessera.Identity.Identities;
using Tessera.Platform.Hosting;

namespace Tessera.Identity.Http;

/// <summary>
/// Kratos's identity admin API: <c>GET|POST /admin/identities</c>, <c>GET|PUT|PATCH|DELETE /admin/identities/{id}</c> (PATCH: RFC 6902 JSON Patch)
/// and <c>GET /admin/identities/by/external/{externalID}</c>. Lists are paged by id with
/// <c>page_size</c>/<c>page_token</c> and a <c>Link</c> header, and filtered by <c>credentials_identifier</c>,
/// <c>ids</c> and <c>organization_id</c>.
/// </summary>
internal static class AdminIdentityEndpoints
{
    private const string Path = "/admin/identities";

    /// <summary>At most this many <c>ids</c> in one list request, as Kratos bounds them.</summary>
    private const int MaxIds = 500;

    public static void Map(IEndpointRouteBuilder routes, IdentityAdministration identities, string publicBase)
    {
        routes.MapPost(Path, context => Create(context, identities, publicBase));
        routes.MapGet(Path, context => List(context, identities, publicBase));
        routes.MapGet(Path + "/{id}", context => Answer(context, identities.GetAsync(Id(context), context.RequestAborted), publicBase));
        routes.MapGet(Path + "/by/external/{externalId}", context => Answer(context, identities.GetByExternalIdAsync((string)context.GetRouteValue("externalId")!, context.RequestAborted), publicBase));
        routes.MapPut(Path + "/{id}", context => Update(context, identities, publicBase));
        routes.MapPatch(Path + "/{id}", context => Patch(context, identities, publicBase));
        routes.MapDelete(Path + "/{id}", context => Delete(context, identities));
    }

    private static async Task Create(HttpContext context, IdentityAdministration identities, string publicBase)
    {
        if (await ReadAsync(context) is not { } request)
        {
            return;
        }

        var result = await identities.CreateAsync(request, context.RequestAborted);
        if (result.Identity is { } identity)
        {
            context.Response.Headers.Location = $"{Path}/{identity.Id}";
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
        if (await KeysetPage.ReadAsync(context) is not { } request)
        {
            return;
        }

        var query = context.Request.Query;
        var identifier = Single(query, "credentials_identifier");
        var organization = Single(query, "organization_id");
        var ids = query["ids"].Select(id => id ?? "").ToList();
        if (ListProblem(ids, organization, identifier) is { } problem)
        {
            await KratosJson.ErrorAsync(context, IdentityError.BadRequest(problem));
            return;
        }

        ids = ids.Select(id => Guid.Parse(id).ToString()).Distinct().ToList();
        organization = organization is null ? null : Guid.Parse(organization).ToString();
        var page = await identities.ListAsync(new IdentityPage(request.After, request.Size + 1, identifier, ids, organization), context.RequestAborted);
        request.Finish(context, Path, page, identity => identity.Id, [("credentials_identifier", identifier), ("organization_id", organization), .. ids.Select(id => ("ids", (string?)id))]);
        await KratosJson.WriteAsync(context, new JsonArray(page.Select(identity => (JsonNode)IdentityView.Render(identity, publicBase)).ToArray()));
    }

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

    private static async Task Answer(HttpContext context, Task<IdentityResult> operation, string publicBase, int status = StatusCodes.Status200OK)
    {
        var result = await operation;
        if (result.Error is { } error)
        {
            await KratosJson.ErrorAsync(context, error);
            return;
        }

        await KratosJson.WriteAsync(context, IdentityView.Render(result.Identity!, publicBase, result.Identifiers), status);
    }

    /// <summary>Kratos's checks of the list filters, with its reasons: UUIDs, at most 500 ids, one filter at a time.</summary>
    private static string? ListProblem(List<string> ids, string? organization, string? identifier)
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

        return (ids.Count > 0 ? 1 : 0) + (organization is null ? 0 : 1) + (identifier is null ? 0 : 1) > 1
            ? "You cannot combine multiple filters in this API"
            : null;
    }

    private static string? Single(IQueryCollection query, string name) => query.TryGetValue(name, out var value) && value.ToString().Length > 0 ? value.ToString() : null;

    private static string Id(HttpContext context) => (string)context.GetRouteValue("id")!;
}
