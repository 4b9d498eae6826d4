using System.Text.Json.Nodes;
using Tessera.OAuth2.Clients;
using Tessera.OAuth2.Protocol;
using Tessera.OAuth2.Storage;
using Tessera.Platform.Json;

namespace Tessera.OAuth2.Flows;

/// <summary>
/// The authorization endpoint's state machine. A fresh request goes to the login app with a login
/// challenge; the browser comes back with a login verifier and goes on to the consent app; it comes
/// back with a consent verifier and the client gets its code or tokens. Each return is checked
/// against the flow's state (single use), its expiry, and the browser's CSRF cookie.
/// </summary>
internal sealed class AuthorizeFlow(
    ProtocolOptions options,
    AuthorizeRequestValidator validator,
    ClientStore clients,
    FlowStore flows,
    LoginSessionStore sessions,
    FlowCookies cookies,
    AuthorizationIssuer issuer,
    DeviceAuthorizer devices,
    TimeProvider time)
{
    public async Task<AuthorizeOutcome> HandleAsync(IReadOnlyDictionary<string, string> parameters, string requestUrl, Func<string, string?> cookie, CancellationToken ct)
    {
        if (parameters.TryGetValue("login_verifier", out var loginVerifier) && loginVerifier.Length > 0)
        {
            return await AfterLoginAsync(loginVerifier, cookie, ct);
        }

        if (parameters.TryGetValue("consent_verifier", out var consentVerifier) && consentVerifier.Length > 0)
        {
            return await AfterConsentAsync(consentVerifier, cookie, ct);
        }

        return await StartAsync(parameters, requestUrl, cookie, ct);
    }

    private async Task<AuthorizeOutcome> StartAsync(IReadOnlyDictionary<string, string> parameters, string requestUrl, Func<string, string?> cookie, CancellationToken ct)
    {
        var validation = await validator.ValidateAsync(parameters, requestUrl, ct);
        if (validation.Request is not { } request)
        {
            return validation.ErrorTarget is { } errorTarget
                ? AuthorizationResponse.Error(errorTarget, options.Issuer, validation.Error!)
                : AuthorizationResponse.ErrorPage(options.ErrorUrl, validation.Error!);
        }

        var now = time.GetUtcNow();
        var target = new RedirectTarget(request.RedirectUri, request.ResponseMode, request.State);
        var remembered = await RememberedSessionAsync(cookie, now, ct);
        var skip = remembered is not null
            && !request.Prompt.Contains("login")
            && (request.MaxAge is not { } maxAge || (now - remembered.AuthenticatedAt).TotalSeconds <= maxAge)
            && (request.IdTokenHintSubject is null || request.IdTokenHintSubject == SubjectIdentifiers.ForClient(validation.Client!, remembered.Subject, options.PairwiseSalt));
        if (!skip && request.Prompt.Contains("none"))
        {
            return AuthorizationResponse.Error(target, options.Issuer, OAuth2Error.LoginRequired("Prompt 'none' was requested, but no existing login session was found."));
        }

        var flow = new Flow
        {
            Id = RequestIds.New(),
            ClientId = request.ClientId,
            State = FlowState.LoginUnused,
            Subject = skip ? remembered!.Subject : "",
            LoginSessionId = skip ? remembered!.Id : RequestIds.New(),
            LoginSkip = skip,
            AuthenticatedAt = skip ? remembered!.AuthenticatedAt : null,
            RequestedAt = now,
            ExpiresAt = now + options.LoginConsentRequestTtl,
            Request = request,
            Csrf = RequestIds.New(),
        };
        await flows.InsertAsync(flow, ct);
        var login = AuthorizationResponse.Append(options.LoginUrl, '?', [new("login_challenge", flow.Id)]);
        return AuthorizeOutcome.Redirect(login, cookies.LoginCsrf(flow.ClientId, flow.Csrf));
    }

    private async Task<AuthorizeOutcome> AfterLoginAsync(string verifier, Func<string, string?> cookie, CancellationToken ct)
    {
        var flow = await flows.GetByLoginVerifierAsync(verifier, ct);
        if (flow is null)
        {
            return AuthorizationResponse.ErrorPage(options.ErrorUrl, OAuth2Error.AccessDenied("The login verifier has already been used, has not been granted, or is invalid."));
        }

        var target = Target(flow);
        var now = time.GetUtcNow();
        if (Refuse(flow, FlowState.LoginHandled, now, "login") is { } refused)
        {
            return Report(flow, target, refused);
        }

        if (!cookies.CsrfMatches("csrf/login", cookie(cookies.LoginCsrfName(flow.ClientId)), flow.Csrf))
        {
            return Report(flow, target, new OAuth2Error("request_forbidden", "The login CSRF cookie is missing or does not match: the flow must be completed in the browser that started it.", 403));
        }

        if (flow.Error is { } rejection)
        {
            return await FailAsync(flow, FlowState.LoginHandled, target, rejection, ct);
        }

        var client = await clients.GetAsync(flow.ClientId, ct);
        if (client is null)
        {
            return AuthorizationResponse.ErrorPage(options.ErrorUrl, OAuth2Error.InvalidClient("The OAuth 2.0 Client no longer exists."));
        }

        var outcomeCookies = new List<CookieInstruction> { new(cookies.LoginCsrfName(flow.ClientId), null) };
        var login = flow.Login!;
        var remember = JsonFields.Flag(login, "remember");
        var rememberFor = JsonFields.Number(login, "remember_for");
        if (!flow.LoginSkip)
        {
            var lifetime = rememberFor > 0 ? TimeSpan.FromSeconds(rememberFor) : options.AuthenticationSessionTtl;
            await sessions.SaveAsync(new LoginSession(flow.LoginSessionId!, flow.Subject, flow.AuthenticatedAt ?? now, remember, now + lifetime, JsonFields.Text(login, "identity_provider_session_id")), ct);
            outcomeCookies.Add(remember ? cookies.Session(flow.LoginSessionId!, lifetime) : cookies.DeleteSession());
        }

        var consentSkip = client.SkipConsent || await HasRememberedConsentAsync(flow, now, ct);
        if (!consentSkip && flow.Request.Prompt.Contains("none"))
        {
            return await FailAsync(flow, FlowState.LoginHandled, target, Rejection(OAuth2Error.ConsentRequired("Prompt 'none' was requested, but the user has not consented yet.")), ct);
        }

        flow.State = FlowState.ConsentUnused;
        flow.ConsentChallenge = RequestIds.New();
        flow.ConsentSkip = consentSkip;
        flow.ConsentRequestedAt = now;
        flow.ExpiresAt = now + options.LoginConsentRequestTtl;
        flow.Csrf = RequestIds.New();
        if (!await flows.UpdateAsync(flow, FlowState.LoginHandled, ct))
        {
            return Report(flow, target, OAuth2Error.AccessDenied("The login verifier has already been used."));
        }

        outcomeCookies.Add(cookies.ConsentCsrf(flow.ClientId, flow.Csrf));
        var consent = AuthorizationResponse.Append(options.ConsentUrl, '?', [new("consent_challenge", flow.ConsentChallenge)]);
        return AuthorizeOutcome.Redirect(consent, [.. outcomeCookies]);
    }

    private async Task<AuthorizeOutcome> AfterConsentAsync(string verifier, Func<string, string?> cookie, CancellationToken ct)
    {
        var flow = await flows.GetByConsentVerifierAsync(verifier, ct);
        if (flow is null)
        {
            return AuthorizationResponse.ErrorPage(options.ErrorUrl, OAuth2Error.AccessDenied("The consent verifier has already been used, has not been granted, or is invalid."));
        }

        var target = Target(flow);
        var now = time.GetUtcNow();
        if (Refuse(flow, FlowState.ConsentHandled, now, "consent") is { } refused)
        {
            return Report(flow, target, refused);
        }

        if (!cookies.CsrfMatches("csrf/consent", cookie(cookies.ConsentCsrfName(flow.ClientId)), flow.Csrf))
        {
            return Report(flow, target, new OAuth2Error("request_forbidden", "The consent CSRF cookie is missing or does not match: the flow must be completed in the browser that started it.", 403));
        }

        if (flow.Error is { } rejection)
        {
            return await FailAsync(flow, FlowState.ConsentHandled, target, rejection, ct);
        }

        var client = await clients.GetAsync(flow.ClientId, ct);
        if (client is null)
        {
            return AuthorizationResponse.ErrorPage(options.ErrorUrl, OAuth2Error.InvalidClient("The OAuth 2.0 Client no longer exists."));
        }

        var consent = flow.Consent!;
        flow.State = FlowState.ConsentUsed;
        flow.ConsentRemember = JsonFields.Flag(consent, "remember");
        var rememberFor = JsonFields.Number(consent, "remember_for");
        flow.ConsentExpiresAt = rememberFor > 0 ? now + TimeSpan.FromSeconds(rememberFor) : null;
        if (!await flows.UpdateAsync(flow, FlowState.ConsentHandled, ct))
        {
            return Report(flow, target, OAuth2Error.AccessDenied("The consent verifier has already been used."));
        }

        if (flow.Request.IsDevice)
        {
            return (await devices.AuthorizeAsync(flow, client, now, ct)).WithCookies(new CookieInstruction(cookies.ConsentCsrfName(flow.ClientId), null));
        }

        var values = await issuer.IssueAsync(flow, client, now, ct);
        return AuthorizationResponse.Success(target, options.Issuer, values)
            .WithCookies(new CookieInstruction(cookies.ConsentCsrfName(flow.ClientId), null));
    }

    private static RedirectTarget Target(Flow flow) => new(flow.Request.RedirectUri, flow.Request.ResponseMode, flow.Request.State);

    /// <summary>An error in a running flow: to the client, or for a device flow (no client redirect) to the error page.</summary>
    private AuthorizeOutcome Report(Flow flow, RedirectTarget target, OAuth2Error error)
        => flow.Request.IsDevice ? AuthorizationResponse.ErrorPage(options.ErrorUrl, error) : AuthorizationResponse.Error(target, options.Issuer, error);

    private static OAuth2Error? Refuse(Flow flow, int expected, DateTimeOffset now, string step)
        => flow.State != expected ? OAuth2Error.AccessDenied($"The {step} verifier has already been used.")
            : flow.ExpiresAt <= now ? OAuth2Error.AccessDenied($"The {step} request has expired; start the authorization again.")
            : null;

    private async Task<AuthorizeOutcome> FailAsync(Flow flow, int expected, RedirectTarget target, JsonObject rejection, CancellationToken ct)
    {
        flow.State = FlowState.Failed;
        flow.Error = rejection;
        if (!await flows.UpdateAsync(flow, expected, ct))
        {
            return Report(flow, target, OAuth2Error.AccessDenied("The verifier has already been used."));
        }

        var error = new OAuth2Error(JsonFields.Text(rejection, "error") ?? "access_denied", JsonFields.Text(rejection, "error_description") ?? "The resource owner denied the request.");
        return flow.Request.IsDevice ? await devices.DenyAsync(flow, error, ct) : AuthorizationResponse.Error(target, options.Issuer, error);
    }

    private static JsonObject Rejection(OAuth2Error error) => new() { ["error"] = error.Error, ["error_description"] = error.Description };

    private async Task<LoginSession?> RememberedSessionAsync(Func<string, string?> cookie, DateTimeOffset now, CancellationToken ct)
    {
        if (cookies.SessionId(cookie(cookies.SessionName)) is not { } id)
        {
            return null;
        }

        var session = await sessions.GetAsync(id, ct);
        return session is { Remember: true } && (session.ExpiresAt is not { } expires || expires > now) ? session : null;
    }

    private async Task<bool> HasRememberedConsentAsync(Flow flow, DateTimeOffset now, CancellationToken ct)
    {
        if (flow.Request.Prompt.Contains("consent"))
        {
            return false;
        }

        var previous = await flows.ConsentSessionsAsync(flow.Subject, flow.ClientId, rememberedOnly: true, limit: 20, offset: 0, ct);
        return previous.Any(p => (p.ConsentExpiresAt is not { } until || until > now)
            && flow.Request.Scopes.All(p.GrantedScopes.Contains)
            && flow.Request.Audience.All(p.GrantedAudience.Contains));
    }
}
