using Tessera.Platform.Outbound;

namespace Tessera.Proxy.Pipeline;

/// <summary>Oathkeeper's <c>NewErrTooManyRequestsWithHeaders</c>: a remote's 429 becomes ours, with its rate-limit headers passed on.</summary>
internal static class RateLimited
{
    private static readonly string[] Names = ["Retry-After", "X-Ratelimit-Limit", "X-Ratelimit-Remaining", "X-Ratelimit-Reset", "X-Ratelimit-Type"];

    public static PipelineError From(OutboundResponse answer)
    {
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var name in Names)
        {
            if (answer.Header(name) is { Length: > 0 } value)
            {
                headers.Add(new(name, value));
            }
        }

        return PipelineError.TooManyRequests with { Headers = headers };
    }
}
