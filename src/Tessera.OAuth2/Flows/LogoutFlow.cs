using System.Text.Json.Nodes;
using Tessera.OAuth2.Keys;
using Tessera.OAuth2.Protocol;
using Tessera.OAuth2.Storage;
using Tessera.Platform.Json;

namespace Tessera.OAuth2.Flows;

/// <summary>
/// OpenID Connect RP-Initiated Logout with Hydra's logout challenge: <c>/oauth2/sessions/logout</c>
/// checks the <c>id_token_hint</c> and <c>post_logout_redirect_uri</c>, sends the browser to the logout
/// app with a challenge, and on its return (with the verifier) ends the login session, notifies the
/// session's clients over the back and front channels, and redirects to the post-logout URL.
/// </summary>
internal sealed class LogoutFlow(
    ProtocolOptions options,
    LogoutStore store,
    LoginSessionStore sessions,
    ClientStore clients,
    FlowCookies cookies,
    SigningKeys keys,
    LogoutNotifier notifier,
    TimeProvider time)
{
    public async Task<LogoutOutcome> HandleAsync(IReadOnlyDictionary<string, string> parameters, string requestUrl, Func<string, string?> cookie, CancellationToken ct)
    {
        string? Get(string name) => parameters.TryGetValue(name, out var v) && v.Length > 0 ? v : null;
        if (Get("logout_verifier") is { } verifier)
        {
            return await CompleteAsync(verifier, ct);
        }

        JsonObject? hint = null;
        if (Get("id_token_hint") is { } idTokenHint)
        {
            hint = await keys.VerifyAsync(KeySetNames.IdToken, idTokenHint, ct);
            if (hint is null)
            {
                return Error(OAuth2Error.InvalidRequest("Logout failed because the id_token_hint is not a valid ID token issued by this server."));
            }
        }

        var clientId = hint?["aud"] switch
        {
            JsonArray a when a.Count > 0 => a[0]?.GetValue<string>(),
            JsonValue v => v.GetValue<string>(),
            _ => null,
        };
        var client = clientId is null ? null : await clients.GetAsync(clientId, ct);
        var redirect = Get("post_logout_redirect_uri");
        if (redirect is not null)
        {
            if (hint is null)
            {
                return Error(OAuth2Error.InvalidRequest("Logout failed because query parameter post_logout_redirect_uri is set but id_token_hint is missing."));
            }

            if (client is null || !client.PostLogoutRedirectUris.Contains(redirect, StringComparer.Ordinal))
            {
                return Error(OAuth2Error.InvalidRequest("Logout failed because query parameter post_logout_redirect_uri is not a whitelisted as a post_logout_redirect_uri for the client."));
            }
        }

        var session = cookies.SessionId(cookie(cookies.SessionName)) is { } id ? await sessions.GetAsync(id, ct) : null;
        var hintSubject = hint?["sub"]?.GetValue<string>();
        if (session is not null && hintSubject is not null && hintSubject != session.Subject
            && client is not null && SubjectIdentifiers.ForClient(client, session.Subject, options.PairwiseSalt) != hintSubject)
        {
            return Error(OAuth2Error.InvalidRequest("Logout failed because the subject of the id_token_hint does not match the subject of the session."));
        }

        var sid = session?.Id ?? hint?["sid"]?.GetValue<string>();
        var state = Get("state");
        if (sid is null)
        {
            return LogoutOutcome.Redirect(FinalUrl(redirect, state));
        }

        var now = time.GetUtcNow();
        var request = new LogoutRequest
        {
            Id = RequestIds.New(),
            Subject = session?.Subject ?? (await sessions.GetAsync(sid, ct))?.Subject ?? hintSubject ?? "",
            SessionId = sid,
            ClientId = clientId,
            RequestedAt = now,
            ExpiresAt = now + options.LoginConsentRequestTtl,
            RequestUrl = requestUrl,
            RpInitiated = hint is not null,
            PostLogoutRedirectUri = redirect,
            ClientState = state,
        };
        await store.InsertAsync(request, ct);
        if (client?.SkipLogoutConsent == true)
        {
            request.State = LogoutRequest.Accepted;
            request.Verifier = RequestIds.New();
            await store.UpdateAsync(request, LogoutRequest.Unused, ct);
            return await CompleteAsync(request.Verifier, ct);
        }

        return LogoutOutcome.Redirect(AuthorizationResponse.Append(options.LogoutUrl, '?', [new("logout_challenge", request.Id)]));
    }

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
        request.State = LogoutRequest.Accepted;
        request.Verifier = RequestIds.New();
        if (observed is not (LogoutRequest.Unused or LogoutRequest.Accepted) || !await store.UpdateAsync(request, observed, ct))
        {
            return FlowAdminResult.Error(409, "request_already_used", "The logout request was already used or rejected.");
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

        var observed = request.State;
        request.State = LogoutRequest.Rejected;
        return observed == LogoutRequest.Unused && await store.UpdateAsync(request, observed, ct)
            ? null
            : FlowAdminResult.Error(409, "request_already_used", "The logout request was already handled.");
    }

    private async Task<LogoutOutcome> CompleteAsync(string verifier, CancellationToken ct)
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

        var frontChannel = new List<string>();
        if (request.SessionId is { } sid)
        {
            frontChannel = await notifier.NotifyAsync(sid, request.Subject, ct);
            await sessions.DeleteAsync(sid, ct);
        }

        return new LogoutOutcome(FinalUrl(request.PostLogoutRedirectUri, request.ClientState), frontChannel, [cookies.DeleteSession()]);
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

        if (request.State == LogoutRequest.Used)
        {
            return (null, FlowAdminResult.Redirect(request.RequestUrl, 410));
        }

        return request.ExpiresAt <= time.GetUtcNow()
            ? (null, FlowAdminResult.Error(410, "request_expired", "The logout request has expired."))
            : (request, null);
    }

    private string FinalUrl(string? redirect, string? state)
        => redirect is not null
            ? state is null ? redirect : AuthorizationResponse.Append(redirect, '?', [new("state", state)])
            : options.PostLogoutRedirectUrl;

    private LogoutOutcome Error(OAuth2Error error)
        => LogoutOutcome.Redirect(AuthorizationResponse.ErrorPage(options.ErrorUrl, error).Location!);
}
