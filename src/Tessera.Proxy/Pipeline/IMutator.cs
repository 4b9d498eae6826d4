namespace Tessera.Proxy.Pipeline;

/// <summary>A mutator bound to one rule's config: sets headers on the session (<see cref="AuthenticationSession.SetHeader"/>) for the upstream, or fails. Exceptions become 500.</summary>
internal interface IMutator
{
    ValueTask<PipelineError?> MutateAsync(PipelineRequest request, AuthenticationSession session, CancellationToken ct);
}
