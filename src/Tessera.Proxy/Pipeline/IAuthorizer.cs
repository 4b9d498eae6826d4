namespace Tessera.Proxy.Pipeline;

/// <summary>An authorizer bound to one rule's config: null lets the request on, an error stops it. Exceptions become 500.</summary>
internal interface IAuthorizer
{
    ValueTask<PipelineError?> AuthorizeAsync(PipelineRequest request, AuthenticationSession session, CancellationToken ct);
}
