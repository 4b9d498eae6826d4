using Tessera.OAuth2.Storage;

namespace Tessera.OAuth2.Protocol;

/// <summary>
/// Hydra v1's token flush: deletes the tokens that expired, or were revoked, before a cut-off (now when
/// none is given; never later than now), with the janitor's batched deletes, so one request can clear
/// a day's backlog while the server keeps serving.
/// </summary>
internal sealed class TokenFlush(Janitor janitor, TimeProvider time)
{
    /// <summary>Larger than the janitor's default: one request should clear a day's backlog in few round trips.</summary>
    private const int BatchSize = 1000;

    public Task FlushAsync(DateTimeOffset? notAfter, CancellationToken ct)
        => janitor.RunAsync(JanitorScope.Tokens, notAfter ?? time.GetUtcNow(), int.MaxValue, BatchSize, null, ct);
}
