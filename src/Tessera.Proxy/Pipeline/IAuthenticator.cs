namespace Tessera.Proxy.Pipeline;

/// <summary>
/// An authenticator bound to one rule's effective config (built once per rule load by its
/// <see cref="HandlerFactory{T}"/>). It answers <see cref="AuthenticationOutcome.NotResponsible"/> when the
/// request carries nothing it reads (the next authenticator is tried), sets <c>session.Subject</c> (and
/// <c>Extra</c>) on success, or fails with a <see cref="PipelineError"/>. Exceptions become 500.
/// </summary>
internal interface IAuthenticator
{
    ValueTask<AuthenticationOutcome> AuthenticateAsync(PipelineRequest request, AuthenticationSession session, CancellationToken ct);
}

/// <summary>An authenticator's answer: authenticated (no error), not responsible, or an error.</summary>
internal readonly record struct AuthenticationOutcome(bool Responsible, PipelineError? Error)
{
    public static AuthenticationOutcome Authenticated { get; } = new(true, null);

    public static AuthenticationOutcome NotResponsible { get; } = new(false, null);

    public static AuthenticationOutcome Failed(PipelineError error) => new(true, error);
}
