namespace Tessera.Proxy.Pipeline.Authorizers;

/// <summary><c>deny</c>: refuses every request with 403 (no config).</summary>
internal sealed class DenyAuthorizer : IAuthorizer
{
    private static readonly DenyAuthorizer Instance = new();

    public static HandlerFactory<IAuthorizer> Factory { get; } = new("deny", config =>
    {
        config.AllowOnly();
        return Instance;
    });

    public ValueTask<PipelineError?> AuthorizeAsync(PipelineRequest request, AuthenticationSession session, CancellationToken ct)
        => ValueTask.FromResult<PipelineError?>(PipelineError.Forbidden);
}
