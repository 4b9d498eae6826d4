namespace Tessera.Proxy.Pipeline.Authenticators;

/// <summary>
/// <c>cookie_session</c>: a request with cookies (with <c>only</c>: one of the named cookies) is checked at
/// <c>check_session_url</c> with its <c>Cookie</c> header (see <see cref="SessionStoreCheck"/>); the subject is
/// read from <c>subject_from</c> (default <c>subject</c>), extra from <c>extra_from</c> (default <c>extra</c>).
/// A request without cookies is not its business.
/// </summary>
internal sealed class CookieSessionAuthenticator(IReadOnlyList<string> only, SessionStoreCheck check) : IAuthenticator
{
    public static HandlerFactory<IAuthenticator> Factory { get; } = new("cookie_session", config =>
    {
        config.AllowOnly([.. SessionStoreCheck.Keys, "only"]);
        return new CookieSessionAuthenticator(config.Strings("only") ?? [], SessionStoreCheck.FromConfig(config, "Cookie", "subject"));
    });

    public ValueTask<AuthenticationOutcome> AuthenticateAsync(PipelineRequest request, AuthenticationSession session, CancellationToken ct)
    {
        var cookies = request.Http.Cookies;
        var responsible = only.Count == 0 ? cookies.Count > 0 : only.Any(cookies.ContainsKey);
        return responsible ? check.AuthenticateAsync(request, session, ct) : ValueTask.FromResult(AuthenticationOutcome.NotResponsible);
    }
}
