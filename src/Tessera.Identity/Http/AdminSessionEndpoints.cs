using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tessera.Identity.Identities;
using Tessera.Identity.Sessions;
using Tessera.Platform.Configuration;
using Tessera.Platform.Hosting;

namespace Tessera.Identity.Http;

/// <summary>
/// Kratos's session admin API: <c>GET /admin/sessions</c> (paged, <c>active</c>, <c>expand</c>),
/// <c>GET|DELETE /admin/sessions/{id}</c> (DELETE deactivates), <c>PATCH /admin/sessions/{id}/extend</c>,
/// and <c>GET|DELETE /admin/identities/{id}/sessions</c>.
/// </summary>
internal static class AdminSessionEndpoints
{
    private const string Path = "/admin/sessions";

    /// <summary>Maps the routes under <paramref name="prefix"/> (<c>/admin</c>, or <c>""</c>: see <see cref="AdminIdentityEndpoints.Map"/>).</summary>
    public static void Map(IEndpointRouteBuilder routes, string prefix, SessionAdministration sessions, string publicBase)
    {
        var path = prefix + "/sessions";
        routes.MapGet(path, context => List(context, sessions, publicBase));
        routes.MapGet(path + "/{id}", context => Get(context, sessions, publicBase));
        routes.MapDelete(path + "/{id}", context => Disable(context, sessions));
        routes.MapPatch(path + "/{id}/extend", context => Extend(context, sessions, publicBase));
        routes.MapGet(prefix + "/identities/{id}/sessions", context => ListOfIdentity(context, sessions, publicBase));
        routes.MapDelete(prefix + "/identities/{id}/sessions", context => DeleteOfIdentity(context, sessions));
    }

    private static async Task List(HttpContext context, SessionAdministration sessions, string publicBase)
    {
        if (!TryActive(context, out var active))
        {
            await KratosJson.ErrorAsync(context, SessionErrors.BadActive);
            return;
        }

        if (await ExpandAsync(context) is not { } expand
            || await KratosPaging.ReadKeysetAsync(context, perPage: false, _ => SessionErrors.BadPageSize) is not { } request)
        {
            return;
        }

        var page = await sessions.ListAsync(request.After, request.Size + 1, null, active, expand.Identity, context.RequestAborted);
        request.Finish(context, Path, page, s => s.Id,
            [("active", active?.ToString().ToLowerInvariant()), .. expand.Values.Select(v => ("expand", (string?)v))]);
        await WriteAsync(context, sessions, page, publicBase, expand.Identity, expand.Devices);
    }

    private static async Task Get(HttpContext context, SessionAdministration sessions, string publicBase)
    {
        if (await IdAsync(context) is not { } id || await ExpandAsync(context) is not { } expand)
        {
            return;
        }

        if (await sessions.GetAsync(id, expand.Identity, context.RequestAborted) is not { } session)
        {
            await KratosJson.ErrorAsync(context, SessionErrors.NotFound);
            return;
        }

        await KratosJson.WriteAsync(context, SessionView.Render(session, sessions.Now, publicBase, admin: true, expand.Identity, expand.Devices));
    }

    private static async Task Disable(HttpContext context, SessionAdministration sessions)
    {
        if (await IdAsync(context) is not { } id)
        {
            return;
        }

        if (!await sessions.DisableAsync(id, context.RequestAborted))
        {
            await KratosJson.ErrorAsync(context, SessionErrors.NotFound);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    /// <summary>Kratos: 204 with <c>feature_flags.faster_session_extend</c>, else (its default) 200 with the session and its identity.</summary>
    private static async Task Extend(HttpContext context, SessionAdministration sessions, string publicBase)
    {
        if (await IdAsync(context) is not { } id)
        {
            return;
        }

        if (await sessions.ExtendAsync(id, context.RequestAborted) is not { } session)
        {
            await KratosJson.ErrorAsync(context, SessionErrors.NotFound);
            return;
        }

        if (sessions.Options.FasterSessionExtend)
        {
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }

        await KratosJson.WriteAsync(context, SessionView.Render(session, sessions.Now, publicBase, admin: true, devices: false));
    }

    private static async Task ListOfIdentity(HttpContext context, SessionAdministration sessions, string publicBase)
    {
        if (await IdAsync(context) is not { } identity)
        {
            return;
        }

        if (!TryActive(context, out var active))
        {
            await KratosJson.ErrorAsync(context, SessionErrors.BadActive);
            return;
        }

        if (await KratosPaging.ReadOffsetStyleAsync(context) is not { } request)
        {
            return;
        }

        var page = await sessions.ListAsync(request.After, request.Size + 1, identity, active, withIdentity: true, context.RequestAborted);
        request.Finish(context, $"/admin/identities/{identity}/sessions", page, s => s.Id, ("active", active?.ToString().ToLowerInvariant()));
        KratosPaging.TotalCount(context, await sessions.CountAsync(identity, active, context.RequestAborted));
        await WriteAsync(context, sessions, page, publicBase, identity: true, devices: true);
    }

    private static async Task DeleteOfIdentity(HttpContext context, SessionAdministration sessions)
    {
        if (await IdAsync(context) is not { } identity)
        {
            return;
        }

        if (!await sessions.DeleteByIdentityAsync(identity, context.RequestAborted))
        {
            await KratosJson.ErrorAsync(context, SessionErrors.NotFound);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private static Task WriteAsync(HttpContext context, SessionAdministration sessions, List<SessionRecord> page, string publicBase, bool identity, bool devices)
    {
        var now = sessions.Now;
        return KratosJson.WriteAsync(context, new JsonArray(page.Select(s => (JsonNode)SessionView.Render(s, now, publicBase, admin: true, identity, devices)).ToArray()));
    }

    /// <summary>The path's id as a lower-case UUID; null when a 400 has been written.</summary>
    private static async Task<string?> IdAsync(HttpContext context)
    {
        var text = (string)context.GetRouteValue("id")!;
        if (Guid.TryParse(text, out var id))
        {
            return id.ToString();
        }

        await KratosJson.ErrorAsync(context, SessionErrors.BadUuid(text));
        return null;
    }

    /// <summary>The <c>active</c> filter as Go's <c>strconv.ParseBool</c> reads it; absent or empty is no filter.</summary>
    private static bool TryActive(HttpContext context, out bool? active)
    {
        active = null;
        var text = context.Request.Query["active"].ToString();
        if (text.Length == 0)
        {
            return true;
        }

        if (!GoBool.TryParse(text, out var value))
        {
            return false;
        }

        active = value;
        return true;
    }

    /// <summary>The <c>expand</c> values (<c>identity</c>, <c>devices</c>); null when one is unknown and a 400 has been written.</summary>
    private static async Task<Expansion?> ExpandAsync(HttpContext context)
    {
        var values = context.Request.Query["expand"].Select(v => v ?? "").ToList();
        foreach (var value in values)
        {
            if (!value.Equals("identity", StringComparison.OrdinalIgnoreCase) && !value.Equals("devices", StringComparison.OrdinalIgnoreCase))
            {
                await KratosJson.ErrorAsync(context, SessionErrors.BadExpand(value));
                return null;
            }
        }

        return new Expansion(values,
            values.Any(v => v.Equals("identity", StringComparison.OrdinalIgnoreCase)),
            values.Any(v => v.Equals("devices", StringComparison.OrdinalIgnoreCase)));
    }

    private sealed record Expansion(List<string> Values, bool Identity, bool Devices);
}
