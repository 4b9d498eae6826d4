using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tessera.Platform.Hosting;
using Tessera.Proxy.Pipeline;

namespace Tessera.Proxy.Decisions;

/// <summary>
/// Oathkeeper's decision API on the api listener: <c>/decisions</c> and <c>/decisions/*</c> on every method.
/// The request is judged as if it were the one named by <c>X-Forwarded-Method</c>, <c>-Proto</c>,
/// <c>-Host</c>, <c>-Uri</c> (else its own method, scheme, host and path minus <c>/decisions</c>); a granted
/// request is answered 200 with the mutators' headers, a refused one by the rule's error handler. CORS
/// preflights are answered before this by the listener's CORS handling when <c>serve.api.cors</c> is enabled
/// (Oathkeeper ≥ v0.40.1 orders it so, #1054); otherwise an OPTIONS request is judged like any other.
/// </summary>
internal static class DecisionEndpoints
{
    public static void Map(IEndpointRouteBuilder routes, AccessJudge judge)
    {
        RequestDelegate handler = context => DecideAsync(context, judge);
        routes.Map(RequestLocations.DecisionsPrefix, handler);
        routes.Map(RequestLocations.DecisionsPrefix + "/{**rest}", handler);
    }

    private static async Task DecideAsync(HttpContext context, AccessJudge judge)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var forwardedMethod = RequestLocations.FirstValue(context.Request.Headers["X-Forwarded-Method"]);
        var method = forwardedMethod.Length > 0 ? forwardedMethod : context.Request.Method;
        var location = RequestLocations.ForDecision(context);
        if (location is null)
        {
            await OryError.WriteAsync(context, StatusCodes.Status404NotFound, "The requested resource could not be found");
            DecisionMetrics.Observe("api", "", 404, System.Diagnostics.Stopwatch.GetElapsedTime(started));
            return;
        }

        var verdict = await judge.JudgeAsync(new PipelineRequest(context.Request, method, location), context.RequestAborted);
        DecisionMetrics.Observe("api", verdict.RuleId, verdict.Error?.Status ?? 200, System.Diagnostics.Stopwatch.GetElapsedTime(started));
        if (!verdict.Granted)
        {
            await judge.WriteErrorAsync(context, verdict);
            return;
        }

        foreach (var (name, value) in verdict.Session!.Header)
        {
            if (!name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.Headers[name] = value;
            }
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
    }
}
