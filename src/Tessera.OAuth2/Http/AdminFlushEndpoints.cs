using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tessera.OAuth2.Storage;
using Tessera.Platform.Hosting;

namespace Tessera.OAuth2.Http;

/// <summary>
/// Hydra v1's <c>POST /oauth2/flush</c> on the admin listener (also at <c>/admin/oauth2/flush</c>):
/// deletes tokens that expired, or were revoked, before <c>notAfter</c> (default now; never later than
/// now), with the janitor's batched deletes. Answers 204.
/// </summary>
internal static class AdminFlushEndpoints
{
    /// <summary>Larger than the janitor's default: one request should clear a day's backlog in few round trips.</summary>
    private const int BatchSize = 1000;

    public static void Map(IEndpointRouteBuilder routes, OAuth2Runtime runtime)
    {
        foreach (var path in new[] { "/oauth2/flush", "/admin/oauth2/flush" })
        {
            routes.MapPost(path, context => Flush(context, runtime));
        }
    }

    private static async Task Flush(HttpContext context, OAuth2Runtime runtime)
    {
        var notAfter = runtime.Context.Time.GetUtcNow();
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
                    || !DateTimeOffset.TryParse(given.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out notAfter))
                {
                    await OryError.WriteAsync(context, StatusCodes.Status400BadRequest, "Field 'notAfter' must be an RFC 3339 date-time.");
                    return;
                }
            }
        }

        var janitor = new Janitor(runtime.Context.Database!, runtime.Context.Time);
        await janitor.RunAsync(JanitorScope.Tokens, notAfter, int.MaxValue, BatchSize, null, context.RequestAborted);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }
}
