using System.Net;
using Tessera.Platform.Outbound;

namespace Tessera.Proxy.Pipeline;

/// <summary>
/// Oathkeeper's <c>retry</c> of a network handler (<c>give_up_after</c>, <c>max_delay</c>): a call that gets
/// no answer, or a 5xx other than 501, is sent again after a pause that starts at 50 ms, doubles each time and
/// never exceeds <c>max_delay</c> (at least 10 ms); no new attempt starts once <c>give_up_after</c> has passed since the first.
/// Then the last answer (or failure) is the result. Each attempt has the outbound client's own timeout, so a
/// remote that accepts and stays silent fails after that timeout, never hangs.
/// </summary>
internal sealed record RetryPolicy(TimeSpan GiveUpAfter, TimeSpan MaxDelay)
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(50);

    /// <summary>A <c>max_delay</c> of zero must not turn retries into a busy loop against the remote.</summary>
    private static readonly TimeSpan ShortestDelay = TimeSpan.FromMilliseconds(10);

    /// <summary>One attempt, no retries (the hydrator without <c>api.retry</c>).</summary>
    public static RetryPolicy Once { get; } = new(TimeSpan.Zero, TimeSpan.Zero);

    /// <summary>Reads <paramref name="key"/> (an object of <c>give_up_after</c> and <c>max_delay</c>), each falling back to the handler's default.</summary>
    public static RetryPolicy FromConfig(HandlerConfig config, string key, TimeSpan giveUpAfter, TimeSpan maxDelay)
    {
        if (config.Section(key) is not { } retry)
        {
            return new(giveUpAfter, maxDelay);
        }

        retry.AllowOnly("give_up_after", "max_delay");
        return new(retry.Duration("give_up_after") ?? giveUpAfter, retry.Duration("max_delay") ?? maxDelay);
    }

    /// <summary>
    /// Sends what <paramref name="build"/> makes (a fresh message per attempt, so a body is sent whole each time)
    /// through the service's outbound client. Throws <see cref="OutboundFetchException"/> when the last attempt got no answer.
    /// </summary>
    public async Task<OutboundResponse> SendAsync(PipelineServices services, string field, Func<HttpRequestMessage> build, bool readErrorBody, CancellationToken ct)
    {
        var outbound = services.Outbound ?? throw new InvalidOperationException("The proxy has no outbound HTTP client.");
        var started = services.Time.GetTimestamp();
        var cap = MaxDelay < ShortestDelay ? ShortestDelay : MaxDelay;
        var delay = cap < FirstDelay ? cap : FirstDelay;
        while (true)
        {
            using (var message = build())
            {
                try
                {
                    var answer = await outbound.SendAsync(field, message, null, readErrorBody, ct);
                    if (!IsRetryable(answer.Status) || !MayWait(services, started, delay))
                    {
                        return answer;
                    }
                }
                catch (OutboundFetchException e) when (IsRetryable(e.Failure) && MayWait(services, started, delay))
                {
                }
            }

            await Task.Delay(delay, services.Time, ct);
            delay = delay + delay > cap ? cap : delay + delay;
        }
    }

    private bool MayWait(PipelineServices services, long started, TimeSpan delay) => services.Time.GetElapsedTime(started) + delay < GiveUpAfter;

    private static bool IsRetryable(HttpStatusCode status) => (int)status >= 500 && status != HttpStatusCode.NotImplemented;

    private static bool IsRetryable(OutboundFailure failure) => failure is OutboundFailure.Unreachable or OutboundFailure.TimedOut or OutboundFailure.Unresolved;
}
