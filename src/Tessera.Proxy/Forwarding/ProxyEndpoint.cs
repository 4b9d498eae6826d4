using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Tessera.Platform.Hosting;
using Tessera.Proxy.Decisions;
using Tessera.Proxy.Pipeline;
using Yarp.ReverseProxy.Forwarder;

namespace Tessera.Proxy.Forwarding;

/// <summary>
/// The proxy listener: every request (except the health checks) is judged by its rule and, when granted,
/// forwarded to the rule's upstream with YARP's <see cref="IHttpForwarder"/> — bodies streamed both ways,
/// hop-by-hop headers dropped. An upstream that cannot be reached answers 502 (504 when it times out) in
/// Ory's JSON error shape, as soon as the connection fails.
/// </summary>
internal sealed class ProxyEndpoint(AccessJudge judge, UpstreamClient upstream, bool trustForwarded, ILogger logger)
{
    public void Map(IEndpointRouteBuilder routes) => routes.Map("/{**path}", HandleAsync);

    /// <summary>Drops the client's <c>X-Forwarded-*</c> and <c>Forwarded</c> headers (the list is copied only when there is one).</summary>
    private static void RemoveForwardedHeaders(IHeaderDictionary headers)
    {
        List<string>? forwarded = null;
        foreach (var (name, _) in headers)
        {
            if (name.StartsWith("X-Forwarded", StringComparison.OrdinalIgnoreCase) || name.Equals("Forwarded", StringComparison.OrdinalIgnoreCase))
            {
                (forwarded ??= []).Add(name);
            }
        }

        foreach (var name in forwarded ?? [])
        {
            headers.Remove(name);
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        if (!trustForwarded)
        {
            RemoveForwardedHeaders(context.Request.Headers);
        }

        var location = RequestLocations.ForProxy(context, trustForwarded);
        if (location is null)
        {
            await OryError.WriteAsync(context, StatusCodes.Status404NotFound, "The requested resource could not be found");
            DecisionMetrics.Observe("proxy", "", 404, Stopwatch.GetElapsedTime(started));
            return;
        }

        var verdict = await judge.JudgeAsync(new PipelineRequest(context.Request, context.Request.Method, location), context.RequestAborted);
        var target = verdict.Granted ? UpstreamUrl.For(verdict.Pipeline!.Rule.Upstream, location) : null;
        if (verdict.Granted && target is null)
        {
            verdict = verdict with { Error = PipelineError.Plain("Unable to forward the request because matched rule does not define an upstream URL") };
        }

        DecisionMetrics.Observe("proxy", verdict.RuleId, verdict.Error?.Status ?? 200, Stopwatch.GetElapsedTime(started));
        if (!verdict.Granted || target is null)
        {
            await judge.WriteErrorAsync(context, verdict);
            return;
        }

        var rule = verdict.Pipeline!.Rule;
        var preservedHost = rule.Upstream.PreserveHost ? context.Request.Host.Value : null;
        if (Http1Forwarder.Handles(context, target))
        {
            var (outcome, problem) = await upstream.Plain.ForwardAsync(context, target, verdict.Session!.Header, preservedHost);
            if (outcome is ForwardOutcome.Unavailable or ForwardOutcome.TimedOut)
            {
                await FailedAsync(context, location, target, outcome == ForwardOutcome.TimedOut, problem ?? outcome.ToString());
            }

            return;
        }

        if (target.ToUri() is not { } uri)
        {
            await FailedAsync(context, location, target, timedOut: false, $"the upstream URL {target.OriginText}{target.PathAndQuery} does not parse");
            return;
        }

        var transformer = new UpstreamTransformer(uri, verdict.Session!.Header, preservedHost, trustForwarded);
        var error = await upstream.Forwarder.SendAsync(context, target.OriginText, upstream.Invoker, upstream.RequestConfig, transformer);
        if (error == ForwarderError.None || error == ForwarderError.RequestCanceled)
        {
            return;
        }

        var failure = context.Features.Get<IForwarderErrorFeature>()?.Exception;
        await FailedAsync(context, location, target, error == ForwarderError.RequestTimedOut, failure?.Message ?? error.ToString());
    }

    /// <summary>Logs a failed exchange and answers 502 (504 when it timed out) in Ory's JSON, or cuts the connection when the answer had started.</summary>
    private async Task FailedAsync(HttpContext context, RequestLocation location, UpstreamTarget target, bool timedOut, string problem)
    {
        ProxyLog.UpstreamFailed(logger, context.Request.Method, location.ToString(), target.OriginText, problem);
        if (context.Response.HasStarted)
        {
            context.Abort();
            return;
        }

        context.Response.Clear();
        await OryError.WriteAsync(context, timedOut ? StatusCodes.Status504GatewayTimeout : StatusCodes.Status502BadGateway,
            timedOut ? "The upstream service is timing out" : "The upstream service is not available");
    }
}
