using System.Text.Json;
using System.Text.Json.Nodes;
using Tessera.OAuth2.Clients;
using Tessera.OAuth2.Keys;
using Tessera.OAuth2.Protocol;
using Tessera.OAuth2.Protocol.Assertions;
using Tessera.OAuth2.Storage;
using Tessera.Platform.Json;

namespace Tessera.OAuth2.Flows;

/// <summary>
/// OpenID Connect RP-Initiated Logout with Hydra's logout challenge: <c>/oauth2/sessions/logout</c>
/// checks the <c>id_token_hint</c> and <c>post_logout_redirect_uri</c>, sends the browser to the logout
/// app with a challenge, and on its return (with the verifier) ends the login session, notifies the
/// session's clients over the back and front channels, and redirects to the post-logout URL.
/// </summary>
/// <remarks>
/// As Hydra decides: without an <c>id_token_hint</c> the logout is the browser's own (its session
/// cookie), and <c>state</c> or <c>post_logout_redirect_uri</c> are refused, since only a hint names the
/// relying party they would belong to. A hint must carry our signature (an expired one is fine), our
/// issuer, an <c>iat</c> not in the future, a <c>sid</c> and a <c>sub</c>, and name a registered client
/// among its audiences; it ends the login session its <c>sid</c> names. Beyond Hydra, the hint's
/// <c>sub</c> must be the subject of that session as the client sees it.
/// </remarks>
internal sealed class LogoutFlow(
    ProtocolOptions options,
    LogoutStore store,
    LoginSessionStore sessions,
    FlowStore flows,
    ClientStore clients,
    FlowCookies cookies,
    SigningKeys keys,
    LogoutNotifier notifier,
    TimeProvider time)
{
    /// <summary>How many consent sessions of one login session are looked at for a forced subject identifier.</summary>
    private const int MaxFlowsPerSession = 100;

    public async Task<LogoutOutcome> HandleAsync(IReadOnlyDictionary<string, string> parameters, string requestUrl, Func<string, string?> cookie, CancellationToken ct)
    {
        string? Get(string name) => parameters.TryGetValue(name, out var v) && v.Length > 0 ? v : null;
        if (Get("logout_verifier") is { } verifier)
        {
            return await CompleteAsync(verifier, cookie, ct);
        }

        var state = Get("state");
        var redirect = Get("post_logout_redirect_uri");
        return Get("id_token_hint") is { } hint
            ? await StartRpInitiatedAsync(hint, redirect, state, requestUrl, ct)
            : await StartOwnAsync(redirect, state, requestUrl, cookie, ct);
    }

    /// <summary>A logout without a hint: the browser's current login session, then the default post-logout URL.</summary>
    private async Task<LogoutOutcome> StartOwnAsync(string? redirect, string? state, string requestUrl, Func<string, string?> cookie, CancellationToken ct)
    {
        if (state is not null)
        {
            return Error(OAuth2Error.InvalidRequest("Logout failed because query parameter state is set but id_token_hint is missing."));
        }

        if (redirect is not null)
        {
            return Error(OAuth2Error.InvalidRequest("Logout failed because query parameter post_logout_redirect_uri is set but id_token_hint is missing."));
        }

        if (await CurrentSessionAsync(cookie, ct) is not { } session)
        {
            return LogoutOutcome.Redirect(options.PostLogoutRedirectUrl);
        }

        return await ChallengeAsync(NewRequest(requestUrl, session, clientId: null, rpInitiated: false, redirect: null, state: null), client: null, ct);
    }

    /// <summary>A logout a relying party started with an ID token it got from us.</summary>
    private async Task<LogoutOutcome> StartRpInitiatedAsync(string idTokenHint, string? redirect, string? state, string requestUrl, CancellationToken ct)
    {
        // The signature is all that is verified here: an expired ID token is still a fine hint (Hydra accepts it).
        if (await keys.VerifyAsync(KeySetNames.IdToken, idTokenHint, ct) is not { } payload)
        {
            return Error(OAuth2Error.InvalidRequest("Logout failed because the id_token_hint is not a valid ID token issued by this server."));
        }

        if (!AssertionClaims.TryRead(payload, out var claims, out var malformed))
        {
            return Error(OAuth2Error.InvalidRequest($"Logout failed because the id_token_hint is malformed: {malformed}."));
        }

        if (claims.Issuer != options.Issuer)
        {
            return Error(OAuth2Error.InvalidRequest(
                $"Logout failed because issuer claim value '{claims.Issuer}' from query parameter id_token_hint does not match with issuer value from configuration '{options.Issuer}'."));
        }

        var now = time.GetUtcNow();
        if (claims.IssuedAt is not { } issuedAt || issuedAt.ToUnixTimeSeconds() > now.ToUnixTimeSeconds())
        {
            return Error(OAuth2Error.InvalidRequest("Logout failed because the iat claim from query parameter id_token_hint is missing or in the future."));
        }

        if (claims.NotBefore > now)
        {
            return Error(OAuth2Error.InvalidRequest("Logout failed because the nbf claim from query parameter id_token_hint is in the future."));
        }

        if (payload["sid"] is not JsonValue sidValue || sidValue.GetValueKind() != JsonValueKind.String || sidValue.GetValue<string>() is not { Length: > 0 } sid)
        {
            return Error(OAuth2Error.InvalidRequest("Logout failed because query parameter id_token_hint is missing sid claim."));
        }

        if (claims.Subject is not { Length: > 0 } hintSubject)
        {
            return Error(OAuth2Error.InvalidRequest("Logout failed because query parameter id_token_hint is missing sub claim."));
        }

        OAuth2Client? client = null;
        foreach (var audience in claims.Audience)
        {
            if ((client = await clients.GetAsync(audience, ct)) is not null)
            {
                break;
            }
        }

        if (client is null)
        {
            return Error(OAuth2Error.InvalidRequest("Logout failed because none of the listed audiences is a registered OAuth 2.0 Client."));
        }

        if (redirect is not null && !client.PostLogoutRedirectUris.Contains(redirect, StringComparer.Ordinal))
        {
            return Error(OAuth2Error.InvalidRequest("Logout failed because query parameter post_logout_redirect_uri is not a whitelisted as a post_logout_redirect_uri for the client."));
        }

        // The state travels only with the client's own post-logout URL; otherwise the default one is used.
        state = redirect is null ? null : state;
        if (await sessions.GetAsync(sid, ct) is not { } session)
        {
            // Already ended, or never known: nothing to confirm, just go back (as Hydra).
            return LogoutOutcome.Redirect(FinalUrl(redirect, state));
        }

        if (!await SeenByClientAsync(hintSubject, session, client, ct))
        {
            return Error(OAuth2Error.InvalidRequest("Logout failed because the subject of the id_token_hint does not match the subject of its login session."));
        }

        return await ChallengeAsync(NewRequest(requestUrl, session, client.Id, rpInitiated: true, redirect, state), client, ct);
    }

    /// <summary>Whether <paramref name="hintSubject"/> is how <paramref name="client"/> sees the subject of <paramref name="session"/>.</summary>
    private async Task<bool> SeenByClientAsync(string hintSubject, LoginSession session, OAuth2Client client, CancellationToken ct)
    {
        if (hintSubject == session.Subject || hintSubject == SubjectIdentifiers.ForClient(client, session.Subject, options.PairwiseSalt))
        {
            return true;
        }

        // A login accepted with force_subject_identifier gave this client another pairwise subject.
        foreach (var flow in await flows.ConsentSessionsAsync(session.Subject, client.Id, rememberedOnly: false, MaxFlowsPerSession, 0, ct, session.Id))
        {
            if (flow.SubjectFor(client, options.PairwiseSalt) == hintSubject)
            {
                return true;
            }
        }

        return false;
    }

    private LogoutRequest NewRequest(string requestUrl, LoginSession session, string? clientId, bool rpInitiated, string? redirect, string? state)
    {
        var now = time.GetUtcNow();
        return new LogoutRequest
        {
            Id = RequestIds.New(),
            Subject = session.Subject,
            SessionId = session.Id,
            ClientId = clientId,
            RequestedAt = now,
            ExpiresAt = now + options.LoginConsentRequestTtl,
            RequestUrl = requestUrl,
            RpInitiated = rpInitiated,
            PostLogoutRedirectUri = redirect,
            ClientState = state,
        };
    }

    /// <summary>Stores the request and sends the browser to the logout app (or straight on, for a client that skips it).</summary>
    private async Task<LogoutOutcome> ChallengeAsync(LogoutRequest request, OAuth2Client? client, CancellationToken ct)
    {
        if (client?.SkipLogoutConsent == true)
        {
            request.State = LogoutRequest.Used;
            await store.InsertAsync(request, ct);
            return await EndAsync(request, ct);
        }

        await store.InsertAsync(request, ct);
        return LogoutOutcome.Redirect(AuthorizationResponse.Append(options.LogoutUrl, '?', [new("logout_challenge", request.Id)]));
    }

    private async Task<LoginSession?> CurrentSessionAsync(Func<string, string?> cookie, CancellationToken ct)
        => cookies.SessionId(cookie(cookies.SessionName)) is { } id ? await sessions.GetAsync(id, ct) : null;

    public async Task<FlowAdminResult> GetAsync(string? challenge, CancellationToken ct)
    {
        var (request, problem) = await FindAsync(challenge, ct);
        if (request is null)
        {
            return problem!;
        }

        var client = request.ClientId is null ? null : await clients.GetAsync(request.ClientId, ct);
        return FlowAdminResult.Ok(new JsonObject
        {
            ["challenge"] = request.Id,
            ["client"] = client?.Document.DeepClone(),
            ["expires_at"] = JsonFields.Time(request.ExpiresAt),
            ["request_url"] = request.RequestUrl,
            ["requested_at"] = JsonFields.Time(request.RequestedAt),
            ["rp_initiated"] = request.RpInitiated,
            ["sid"] = request.SessionId,
            ["subject"] = request.Subject,
        });
    }

    public async Task<FlowAdminResult> AcceptAsync(string? challenge, CancellationToken ct)
    {
        var (request, problem) = await FindAsync(challenge, ct);
        if (request is null)
        {
            return problem!;
        }

        var observed = request.State;
        if (observed == LogoutRequest.Used)
        {
            // Done already (a double submit): Hydra's stateless logout accepts again, and its verifier ends
            // nothing more and lands where this one did.
            return FlowAdminResult.Redirect(FinalUrl(request.PostLogoutRedirectUri, request.ClientState));
        }

        request.State = LogoutRequest.Accepted;
        request.Verifier = RequestIds.New();
        if (!await store.UpdateAsync(request, observed, ct))
        {
            return FlowAdminResult.Error(409, "request_already_used", "The logout request was answered or used concurrently; read it again.");
        }

        return FlowAdminResult.Redirect(AuthorizationResponse.Append(options.PublicUrl + "oauth2/sessions/logout", '?', [new("logout_verifier", request.Verifier)]));
    }

    /// <summary>Rejecting keeps the user logged in; null means done (204).</summary>
    public async Task<FlowAdminResult?> RejectAsync(string? challenge, CancellationToken ct)
    {
        var (request, problem) = await FindAsync(challenge, ct);
        if (request is null)
        {
            return problem!;
        }

        // Hydra answers 204 to any rejection of a valid challenge; once answered, a rejection changes nothing.
        var observed = request.State;
        request.State = LogoutRequest.Rejected;
        return observed != LogoutRequest.Unused || await store.UpdateAsync(request, observed, ct)
            ? null
            : FlowAdminResult.Error(409, "request_already_used", "The logout request was answered or used concurrently; read it again.");
    }

    private async Task<LogoutOutcome> CompleteAsync(string verifier, Func<string, string?> cookie, CancellationToken ct)
    {
        var request = await store.GetByVerifierAsync(verifier, ct);
        if (request is null || request.State != LogoutRequest.Accepted || request.ExpiresAt <= time.GetUtcNow())
        {
            return Error(OAuth2Error.InvalidRequest("The logout verifier has already been used, has not been granted, or is invalid."));
        }

        request.State = LogoutRequest.Used;
        if (!await store.UpdateAsync(request, LogoutRequest.Accepted, ct))
        {
            return Error(OAuth2Error.InvalidRequest("The logout verifier has already been used."));
        }

        if (!request.RpInitiated)
        {
            // The browser's own logout ends only the session this browser still has: a verifier followed
            // in another browser, or after this one signed in again, logs nobody out (as in Hydra).
            var current = await CurrentSessionAsync(cookie, ct);
            if (current is null || current.Id != request.SessionId || current.Subject != request.Subject)
            {
                return LogoutOutcome.Redirect(FinalUrl(request.PostLogoutRedirectUri, request.ClientState));
            }
        }

        return await EndAsync(request, ct);
    }

    /// <summary>Ends the request's login session, notifies its clients and removes the session cookie.</summary>
    private async Task<LogoutOutcome> EndAsync(LogoutRequest request, CancellationToken ct)
    {
        var finalUrl = FinalUrl(request.PostLogoutRedirectUri, request.ClientState);
        if (request.SessionId is not { } sid || await sessions.GetAsync(sid, ct) is null)
        {
            // Ended meanwhile (by the admin API, which notified the clients then): nothing left to do.
            return LogoutOutcome.Redirect(finalUrl);
        }

        var frontChannel = await notifier.NotifyAsync(sid, request.Subject, ct);
        await sessions.DeleteAsync(sid, ct);
        return new LogoutOutcome(finalUrl, frontChannel, [cookies.DeleteSession()]);
    }

    private async Task<(LogoutRequest? Request, FlowAdminResult? Problem)> FindAsync(string? challenge, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(challenge))
        {
            return (null, FlowAdminResult.Invalid("Query parameter 'challenge' is not defined but should have been."));
        }

        var request = await store.GetAsync(challenge, ct);
        if (request is null)
        {
            return (null, FlowAdminResult.NotFound("logout request"));
        }

        return request.ExpiresAt <= time.GetUtcNow()
            ? (null, FlowAdminResult.Expired("logout", "please try the flow again"))
            : (request, null);
    }

    private string FinalUrl(string? redirect, string? state)
        => redirect is not null
            ? state is null ? redirect : AuthorizationResponse.Append(redirect, '?', [new("state", state)])
            : options.PostLogoutRedirectUrl;

    private LogoutOutcome Error(OAuth2Error error)
        => LogoutOutcome.Redirect(AuthorizationResponse.ErrorPage(options.ErrorUrl, error).Location!);
}
