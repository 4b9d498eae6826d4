namespace Tessera.Proxy.Pipeline.Authenticators;

/// <summary>
/// <c>bearer_token</c>: a request carrying a token where <c>token_from</c> says (default: <c>Authorization:
/// Bearer …</c>) that starts with <c>prefix</c> is checked at <c>check_session_url</c> with its
/// <c>Authorization</c> header (see <see cref="SessionStoreCheck"/>); the subject is read from
/// <c>subject_from</c> (default <c>sub</c>), extra from <c>extra_from</c> (default <c>extra</c>). Without
/// such a token it is not responsible.
/// </summary>
internal sealed class BearerTokenAuthenticator(TokenLocation from, string prefix, SessionStoreCheck check) : IAuthenticator
{
    public static HandlerFactory<IAuthenticator> Factory { get; } = new("bearer_token", config =>
    {
        config.AllowOnly([.. SessionStoreCheck.Keys, "token_from", "prefix"]);
        return new BearerTokenAuthenticator(TokenLocation.FromConfig(config), config.String("prefix") ?? "", SessionStoreCheck.FromConfig(config, "Authorization", "sub"));
    });

    public ValueTask<AuthenticationOutcome> AuthenticateAsync(PipelineRequest request, AuthenticationSession session, CancellationToken ct)
    {
        var token = from.Read(request);
        return token.Length == 0 || !token.StartsWith(prefix, StringComparison.Ordinal)
            ? ValueTask.FromResult(AuthenticationOutcome.NotResponsible)
            : check.AuthenticateAsync(request, session, ct);
    }
}
