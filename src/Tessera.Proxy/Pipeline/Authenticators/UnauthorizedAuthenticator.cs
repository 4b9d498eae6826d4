namespace Tessera.Proxy.Pipeline.Authenticators;

/// <summary><c>unauthorized</c>: refuses every request with 401 (no config).</summary>
internal sealed class UnauthorizedAuthenticator : IAuthenticator
{
    private static readonly UnauthorizedAuthenticator Instance = new();

    public static HandlerFactory<IAuthenticator> Factory { get; } = new("unauthorized", config =>
    {
        config.AllowOnly();
        return Instance;
    });

    public ValueTask<AuthenticationOutcome> AuthenticateAsync(PipelineRequest request, AuthenticationSession session, CancellationToken ct)
        => ValueTask.FromResult(AuthenticationOutcome.Failed(PipelineError.Unauthorized));
}
