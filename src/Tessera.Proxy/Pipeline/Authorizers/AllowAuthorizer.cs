namespace Tessera.Proxy.Pipeline.Authorizers;

/// <summary><c>allow</c>: lets every authenticated request on (no config).</summary>
internal sealed class AllowAuthorizer : IAuthorizer
{
    private static readonly AllowAuthorizer Instance = new();

    public static HandlerFactory<IAuthorizer> Factory { get; } = new("allow", config =>
    {
        config.AllowOnly();
        return Instance;
    });

    public ValueTask<PipelineError?> AuthorizeAsync(PipelineRequest request, AuthenticationSession session, CancellationToken ct) => ValueTask.FromResult<PipelineError?>(null);
}
