using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Tessera.Proxy.Pipeline.Errors;

namespace Tessera.Proxy.Pipeline;

/// <summary>
/// Oathkeeper's request handler, shared by the proxy and <c>/decisions</c>: match the request to exactly one
/// rule, then run its pipeline — the authenticators in order until one is responsible (the others answered
/// "not responsible"; none responsible is 401), the authorizer, every mutator (their headers accumulate on the
/// session) — and on any error pick the rule's error handler by <c>when</c> (else <c>errors.fallback</c>).
/// </summary>
internal sealed class AccessJudge(PipelineCatalog catalog, ILogger logger)
{
    public async Task<Verdict> JudgeAsync(PipelineRequest request, CancellationToken ct)
    {
        var snapshot = catalog.Current;
        var lookup = snapshot.Rules.Match(request.Method, request.Location.MatchUrl);
        if (lookup.IsAmbiguous)
        {
            ProxyLog.AmbiguousRules(logger, request.Method, request.Location.MatchUrl, string.Join(", ", lookup.Matched.Select(r => r.Id)));
            return new Verdict(null, request, null, PipelineError.ManyRules);
        }

        if (lookup.Rule is not { } rule)
        {
            return new Verdict(null, request, null, PipelineError.NoRule);
        }

        var pipeline = snapshot.Pipelines[rule];
        var session = new AuthenticationSession(new MatchContext(lookup.Captures, request.Location, request.Method, request.HeaderList()));
        var error = await RunAsync(pipeline, request, session, ct);
        return new Verdict(pipeline, request, error is null ? session : null, error);
    }

    /// <summary>Writes the answer for a refused request through the chosen error handler.</summary>
    public Task WriteErrorAsync(HttpContext context, Verdict verdict)
    {
        var error = verdict.Error ?? PipelineError.Plain("no error");
        ProxyLog.AccessDenied(logger, verdict.Request.Method, verdict.Request.Location.ToString(), verdict.RuleId, error.Status, error.Reason ?? error.Message);
        IErrorHandler? chosen = null;
        foreach (var (name, step) in verdict.Pipeline?.Errors ?? [])
        {
            if (step.Handler is not { } handler)
            {
                var reason = step.Error?.Reason ?? $"Unable to find error handler named: {name}. This is a configuration issue and should be reported to the administrator.";
                return JsonErrorHandler.Verbose.WriteAsync(context, verdict.Request, new PipelineError(500, step.Error?.Message ?? "An internal server error occurred, please contact the system administrator", reason));
            }

            if (!handler.When.Matches(error, context))
            {
                continue;
            }

            if (chosen is not null)
            {
                return JsonErrorHandler.Verbose.WriteAsync(context, verdict.Request, new PipelineError(500, "An internal server error occurred, please contact the system administrator",
                    "Found more than one error handlers to be responsible for this request. This is a configuration error that needs to be resolved by the system administrator."));
            }

            chosen = handler;
        }

        if (chosen is null)
        {
            foreach (var name in catalog.Registry.Fallback)
            {
                var step = catalog.Registry.Build(HandlerKind.ErrorHandler, HandlerCatalog.ErrorHandlers, name, null, $"errors.fallback ({name})", verdict.RuleId);
                if (step.Handler is not { } handler)
                {
                    return JsonErrorHandler.Verbose.WriteAsync(context, verdict.Request, new PipelineError(500, "An internal server error occurred, please contact the system administrator",
                        $"Fallback error handler \"{name}\" was requested but is disabled or unknown. This is a configuration issue and should be reported to the administrator."));
                }

                if (handler.When.Matches(error, context))
                {
                    chosen = handler;
                    break;
                }
            }
        }

        return chosen is null
            ? JsonErrorHandler.Verbose.WriteAsync(context, verdict.Request, new PipelineError(500, "An internal server error occurred, please contact the system administrator",
                "Unable to handle HTTP request because no matching error handling strategy was found."))
            : chosen.WriteAsync(context, verdict.Request, error);
    }

    private async Task<PipelineError?> RunAsync(RulePipeline pipeline, PipelineRequest request, AuthenticationSession session, CancellationToken ct)
    {
        var id = pipeline.Rule.Id;
        try
        {
            if (pipeline.Authenticators.Count == 0)
            {
                return PipelineError.Plain("No authentication handler was set in the rule");
            }

            var found = false;
            foreach (var step in pipeline.Authenticators)
            {
                if (step.Handler is not { } authenticator)
                {
                    return step.Error;
                }

                var outcome = await authenticator.AuthenticateAsync(request, session, ct);
                if (!outcome.Responsible)
                {
                    continue;
                }

                if (outcome.Error is not null)
                {
                    return outcome.Error;
                }

                found = true;
                break;
            }

            if (!found)
            {
                return PipelineError.Unauthorized;
            }

            if (pipeline.Authorizer.Handler is not { } authorizer)
            {
                return pipeline.Authorizer.Error;
            }

            if (await authorizer.AuthorizeAsync(request, session, ct) is { } denied)
            {
                return denied;
            }

            if (pipeline.Mutators.Count == 0)
            {
                return PipelineError.Plain("No mutation handler was set in the rule");
            }

            foreach (var step in pipeline.Mutators)
            {
                if (step.Handler is not { } mutator)
                {
                    return step.Error;
                }

                if (await mutator.MutateAsync(request, session, ct) is { } failed)
                {
                    return failed;
                }
            }

            return null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            ProxyLog.HandlerFailed(logger, "pipeline", id, e);
            return PipelineError.Plain(e.Message);
        }
    }
}
