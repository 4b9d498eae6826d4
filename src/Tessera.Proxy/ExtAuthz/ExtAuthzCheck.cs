using System.Diagnostics;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Tessera.Platform.Hosting;
using Tessera.Proxy.Decisions;
using Tessera.Proxy.ExtAuthz.Envoy;
using Tessera.Proxy.Pipeline;

namespace Tessera.Proxy.ExtAuthz;

/// <summary>
/// Answers one Envoy <c>Authorization/Check</c> the way <c>/decisions</c> answers a request: the request it
/// names is judged by the same <see cref="AccessJudge"/> (one matching rule, its authenticators, authorizer and
/// mutators), a granted one is allowed with the mutators' headers, a refused one is denied with the rule's error
/// handler's answer (no matching rule: the 404 JSON error <c>/decisions</c> gives).
/// </summary>
internal sealed class ExtAuthzCheck(AccessJudge judge)
{
    public const string Listener = "ext_authz";

    public async Task<CheckResponse> CheckAsync(CheckRequest check, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var context = CheckedRequest.ToHttpContext(check)
            ?? throw new RpcException(new Grpc.Core.Status(Grpc.Core.StatusCode.InvalidArgument, "The check names no HTTP request: attributes.request.http.method is empty."));
        if (CheckedRequest.Location(check, context) is not { } location)
        {
            await OryError.WriteAsync(context, StatusCodes.Status404NotFound, "The requested resource could not be found");
            DecisionMetrics.Observe(Listener, "", 404, Stopwatch.GetElapsedTime(started));
            return CheckAnswer.Denied(context.Response, "The requested resource could not be found");
        }

        var verdict = await judge.JudgeAsync(new PipelineRequest(context.Request, context.Request.Method, location), ct);
        DecisionMetrics.Observe(Listener, verdict.RuleId, verdict.Error?.Status ?? 200, Stopwatch.GetElapsedTime(started));
        if (verdict.Granted)
        {
            return CheckAnswer.Allowed(verdict.Session!);
        }

        await judge.WriteErrorAsync(context, verdict);
        return CheckAnswer.Denied(context.Response, verdict.Error!.Message);
    }
}
