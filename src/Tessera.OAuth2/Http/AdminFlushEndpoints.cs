using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tessera.OAuth2.Protocol;
using Tessera.Platform.Hosting;

namespace Tessera.OAuth2.Http;

/// <summary>
/// Hydra v1's <c>POST /oauth2/flush</c> on the admin listener (also at <c>/admin/oauth2/flush</c>):
/// deletes tokens that expired, or were revoked, before <c>notAfter</c> (default now; never later than
/// now), through <see cref="TokenFlush"/>. Answers 204.
/// </summary>
internal static class AdminFlushEndpoints
{
    public static void Map(IEndpointRouteBuilder routes, OAuth2Runtime runtime)
    {
        var flush = runtime.Protocol.Flush;
        foreach (var path in new[] { "/oauth2/flush", "/admin/oauth2/flush" })
        {
            routes.MapPost(path, context => Flush(context, flush));
        }
    }

    private static async Task Flush(HttpContext context, TokenFlush flush)
    {
        DateTimeOffset? notAfter = null;
        var body = await JsonRequestBody.ReadAsync(context.Request, context.RequestAborted);
        if (body.Problem is { } problem)
        {
            await JsonBody.ProblemAsync(context, problem);
            return;
        }

        if (!body.Empty)
        {
            if (body.Value is not JsonObject request)
            {
                await OryError.WriteAsync(context, StatusCodes.Status400BadRequest, "The request body must be a JSON object.");
                return;
            }

            var given = request["notAfter"];
            if (given is not null)
            {
                if (given.GetValueKind() != JsonValueKind.String
                    || !DateTimeOffset.TryParse(given.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed))
                {
                    await OryError.WriteAsync(context, StatusCodes.Status400BadRequest, "Field 'notAfter' must be an RFC 3339 date-time.");
                    return;
                }

                notAfter = parsed;
            }
        }

        await flush.FlushAsync(notAfter, context.RequestAborted);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }
}
