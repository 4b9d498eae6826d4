using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tessera.Platform.Hosting;
using Tessera.Proxy.Rules.Repositories;

namespace Tessera.Proxy.Http;

/// <summary>
/// Oathkeeper's rule API on the api listener: <c>GET /rules</c> (a JSON array, paged with
/// <c>limit</c> (default 50, at most 500) and <c>offset</c>; unreadable values fall back to the
/// defaults, as Ory's pagination does) and <c>GET /rules/{id}</c> (404 in Ory's error shape).
/// </summary>
internal static class RuleEndpoints
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    public static void Map(IEndpointRouteBuilder routes, RuleRepository repository)
    {
        routes.MapGet("/rules", context => List(context, repository));
        routes.MapGet("/rules/{id}", context => Get(context, repository));
    }

    private static async Task List(HttpContext context, RuleRepository repository)
    {
        var (limit, offset) = Page(context);
        var rules = repository.Current.Rules;
        var start = Math.Min(offset, rules.Count);
        var end = (int)Math.Min((long)start + limit, rules.Count);
        context.Response.ContentType = "application/json; charset=utf-8";
        await using var body = JsonResponseWriter.Start(context.Response);
        body.Json.WriteStartArray();
        for (var i = start; i < end; i++)
        {
            RuleJson.Write(body.Json, rules[i]);
        }

        body.Json.WriteEndArray();
    }

    private static async Task Get(HttpContext context, RuleRepository repository)
    {
        var id = (string)context.GetRouteValue("id")!;
        if (repository.Current.Find(id) is not { } rule)
        {
            await OryError.WriteAsync(context, StatusCodes.Status404NotFound, "The requested resource could not be found");
            return;
        }

        context.Response.ContentType = "application/json; charset=utf-8";
        await using var body = JsonResponseWriter.Start(context.Response);
        RuleJson.Write(body.Json, rule);
    }

    /// <summary><c>limit</c> (default 50, at most 500) and <c>offset</c>, as Ory's pagination reads them.</summary>
    internal static (int Limit, int Offset) Page(HttpContext context)
        => (Math.Clamp(Integer(context, "limit", DefaultLimit), 0, MaxLimit), Math.Max(Integer(context, "offset", 0), 0));

    /// <summary>The query parameter as an integer, or <paramref name="fallback"/> when absent or unreadable.</summary>
    internal static int Integer(HttpContext context, string name, int fallback)
        => context.Request.Query[name].ToString() is { Length: > 0 } text
            && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
                ? (int)Math.Clamp(value, int.MinValue, int.MaxValue)
                : fallback;
}
