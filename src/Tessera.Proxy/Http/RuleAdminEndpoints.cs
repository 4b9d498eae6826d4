using System.Data.Common;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Tessera.Platform.Hosting;
using Tessera.Proxy.Rules;
using Tessera.Proxy.Storage;

namespace Tessera.Proxy.Http;

/// <summary>
/// The rules admin API on the api listener, mapped only when a SQL repository is configured (not in
/// Oathkeeper): <c>POST /admin/rules</c>, <c>PUT</c>/<c>DELETE</c>/<c>GET /admin/rules/{id}</c> and
/// <c>GET /admin/rules</c> (paged as <c>/rules</c>), all on the database. Errors are Ory's
/// <c>{"error":{…}}</c>; a refused rule is a 400 whose <c>reason</c> names each field.
/// </summary>
internal static class RuleAdminEndpoints
{
    public const string Path = "/admin/rules";

    /// <summary>One rule is small; this cap holds even when the listener allows more.</summary>
    public const long MaxBodyBytes = 1 << 20;

    private const string NotFound = "The requested resource could not be found";
    private const string BadRequest = "The request was malformed or contained invalid parameters";

    public static void Map(IEndpointRouteBuilder routes, RuleAdministration admin)
    {
        routes.MapGet(Path, context => Guarded(context, () => List(context, admin)));
        routes.MapPost(Path, context => Guarded(context, () => Create(context, admin)));
        routes.MapGet(Path + "/{id}", context => Guarded(context, () => Get(context, admin)));
        routes.MapPut(Path + "/{id}", context => Guarded(context, () => Replace(context, admin)));
        routes.MapDelete(Path + "/{id}", context => Guarded(context, () => Delete(context, admin)));
    }

    private static async Task List(HttpContext context, RuleAdministration admin)
    {
        var (limit, offset) = RuleEndpoints.Page(context);
        var rules = await admin.ListAsync(limit, offset, context.RequestAborted);
        var array = new JsonArray();
        foreach (var rule in rules)
        {
            array.Add(Parsed(rule));
        }

        await WriteAsync(context, StatusCodes.Status200OK, array);
    }

    private static async Task Get(HttpContext context, RuleAdministration admin)
    {
        if (await admin.GetAsync(Id(context), context.RequestAborted) is not { } rule)
        {
            await OryError.WriteAsync(context, StatusCodes.Status404NotFound, NotFound);
            return;
        }

        await WriteAsync(context, StatusCodes.Status200OK, Parsed(rule));
    }

    private static async Task Create(HttpContext context, RuleAdministration admin)
    {
        if (await ReadRuleAsync(context) is not { } body)
        {
            return;
        }

        var change = await admin.CreateAsync(body, context.RequestAborted);
        if (change.Write == RuleWrite.Conflict)
        {
            await OryError.WriteAsync(context, StatusCodes.Status409Conflict, "The resource could not be created due to a conflict",
                $"a rule with the id \"{(string?)body["id"]}\" exists already; replace it with PUT {Path}/{{id}}");
            return;
        }

        await ChangedAsync(context, change);
    }

    private static async Task Replace(HttpContext context, RuleAdministration admin)
    {
        if (await ReadRuleAsync(context) is not { } body)
        {
            return;
        }

        await ChangedAsync(context, await admin.ReplaceAsync(Id(context), body, context.RequestAborted));
    }

    private static async Task Delete(HttpContext context, RuleAdministration admin)
    {
        if (await admin.DeleteAsync(Id(context), context.RequestAborted) == RuleWrite.NotFound)
        {
            await OryError.WriteAsync(context, StatusCodes.Status404NotFound, NotFound);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private static async Task ChangedAsync(HttpContext context, RuleChange change)
    {
        if (change.Problems.Count > 0)
        {
            await OryError.WriteAsync(context, StatusCodes.Status400BadRequest, BadRequest, string.Join("; ", change.Problems));
            return;
        }

        var document = JsonNode.Parse(change.Document!)!;
        if (change.Write == RuleWrite.Created)
        {
            context.Response.Headers.Location = Path + "/" + Uri.EscapeDataString((string)document["id"]!);
        }

        await WriteAsync(context, change.Write == RuleWrite.Created ? StatusCodes.Status201Created : StatusCodes.Status200OK, document);
    }

    /// <summary>The body as one rule object; null when a 400 has been written.</summary>
    private static async Task<JsonObject?> ReadRuleAsync(HttpContext context)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size
            && (size.MaxRequestBodySize is null || size.MaxRequestBodySize > MaxBodyBytes))
        {
            size.MaxRequestBodySize = MaxBodyBytes;
        }

        var body = await JsonRequestBody.ReadAsync(context.Request, context.RequestAborted);
        if (body.Problem is not null || body.Empty)
        {
            await OryError.WriteAsync(context, StatusCodes.Status400BadRequest, BadRequest, $"the body is not valid JSON: {body.Problem ?? "it is empty"}");
            return null;
        }

        if (body.Value is not JsonObject rule)
        {
            await OryError.WriteAsync(context, StatusCodes.Status400BadRequest, BadRequest, "the body must be a JSON object: one rule");
            return null;
        }

        return rule;
    }

    /// <summary>
    /// Runs an endpoint; a database that cannot be reached or has no rule table is a 503 that says
    /// so (the rules in force stay as they are).
    /// </summary>
    private static async Task Guarded(HttpContext context, Func<Task> endpoint)
    {
        try
        {
            await endpoint();
        }
        catch (Exception e) when ((e is DbException or TimeoutException) && !context.Response.HasStarted)
        {
            var message = e.Message.Split('\n')[0].Trim();
            await OryError.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "The rule database is not available",
                message.Contains(RuleStore.Table, StringComparison.OrdinalIgnoreCase)
                    ? $"{message} (if the table is missing, run `tessera migrate sql --service proxy <dsn>`)"
                    : message);
        }
    }

    /// <summary>A stored rule's JSON (written by this API as Oathkeeper's rule form); a row edited into something that is not JSON is shown as text.</summary>
    private static JsonNode Parsed(StoredRule rule)
    {
        try
        {
            return JsonNode.Parse(rule.Document) ?? JsonValue.Create(rule.Document)!;
        }
        catch (System.Text.Json.JsonException)
        {
            return JsonValue.Create(rule.Document)!;
        }
    }

    private static string Id(HttpContext context) => (string)context.GetRouteValue("id")!;

    private static async Task WriteAsync(HttpContext context, int status, JsonNode node)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await using var body = JsonResponseWriter.Start(context.Response);
        node.WriteTo(body.Json);
    }
}
