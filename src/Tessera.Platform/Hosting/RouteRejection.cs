using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Tessera.Platform.Hosting;

/// <summary>
/// A path that exists, asked with a method it does not have. ASP.NET Core's routing answers that
/// with an endpoint of its own that sets 405 and <c>Allow</c> and writes nothing; this runs right
/// after routing and gives that answer the listener's error body. As Hydra's router (httprouter)
/// does, <c>Allow</c> also lists OPTIONS, and an OPTIONS request to such a path is answered 200
/// with <c>Allow</c> (CORS preflights are answered earlier, by <see cref="Cors"/>).
/// </summary>
internal static class RouteRejection
{
    public static void Use(IApplicationBuilder app, ErrorWriter errors)
    {
        // Routing only ever selects a plain Endpoint (every mapped one is a RouteEndpoint) to reject
        // the request: one type test on the hot path.
        app.Use((context, next) => context.GetEndpoint() is { } endpoint and not RouteEndpoint && endpoint.RequestDelegate is { } reject
            ? RejectAsync(context, reject, errors)
            : next(context));
    }

    private static async Task RejectAsync(HttpContext context, RequestDelegate reject, ErrorWriter errors)
    {
        await reject(context);
        var response = context.Response;
        if (response.HasStarted || response.StatusCode < StatusCodes.Status400BadRequest)
        {
            return;
        }

        if (response.StatusCode != StatusCodes.Status405MethodNotAllowed)
        {
            await errors(context, response.StatusCode, $"The request to {context.Request.Path} cannot be routed.");
            return;
        }

        var allow = Allow(response.Headers.Allow.ToString());
        response.Headers.Allow = allow;
        if (HttpMethods.IsOptions(context.Request.Method))
        {
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentLength = 0;
            return;
        }

        await errors(context, StatusCodes.Status405MethodNotAllowed, $"The method {context.Request.Method} is not allowed here; this path takes {allow}.");
    }

    /// <summary>The methods routing found, plus OPTIONS, sorted: <c>GET, OPTIONS, POST</c>.</summary>
    private static string Allow(string found) => string.Join(", ", found
        .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Append(HttpMethods.Options)
        .Distinct(StringComparer.Ordinal)
        .Order(StringComparer.Ordinal));
}
