namespace Tessera.Proxy.Pipeline.Authenticators;

/// <summary>
/// <c>anonymous</c>: a request without an <c>Authorization</c> header gets the subject <c>config.subject</c>
/// (default <c>anonymous</c>); one with the header is not its business (the next authenticator is tried).
/// </summary>
internal sealed class AnonymousAuthenticator(string subject) : IAuthenticator
{
    public static HandlerFactory<IAuthenticator> Factory { get; } = new("anonymous", config =>
    {
        config.AllowOnly("subject");
        var subject = config.String("subject");
        return new AnonymousAuthenticator(string.IsNullOrEmpty(subject) ? "anonymous" : subject);
    });

    public ValueTask<AuthenticationOutcome> AuthenticateAsync(PipelineRequest request, AuthenticationSession session, CancellationToken ct)
    {
        if (request.Headers.Authorization.ToString().Length != 0)
        {
            return ValueTask.FromResult(AuthenticationOutcome.NotResponsible);
        }

        session.Subject = subject;
        return ValueTask.FromResult(AuthenticationOutcome.Authenticated);
    }
}
