namespace Tessera.Proxy.Pipeline.Authenticators;

/// <summary><c>noop</c>: lets every request through without a subject (no config).</summary>
internal sealed class NoopAuthenticator : IAuthenticator
{
    private static readonly NoopAuthenticator Instance = new();

    public static HandlerFactory<IAuthenticator> Factory { get; } = new("noop", config =>
    {
        config.AllowOnly();
        return Instance;
    });

    public ValueTask<AuthenticationOutcome> AuthenticateAsync(PipelineRequest request, AuthenticationSession session, CancellationToken ct)
        => ValueTask.FromResult(AuthenticationOutcome.Authenticated);
}
