using System.Text.Json.Nodes;
using Tessera.OAuth2.Protocol;
using Tessera.OAuth2.Storage;
using Tessera.Platform.Crypto;

namespace Tessera.OAuth2.Flows;

/// <summary>
/// RFC 8628 with Hydra's device challenge: the device gets a device code and a user code; the user's
/// browser opens <c>/oauth2/device/verify</c>, which hands a device challenge to the verification app;
/// the app accepts the user code over the admin API; the browser then goes through the ordinary login
/// and consent flow, whose end authorizes the device code instead of redirecting to a client.
/// </summary>
internal sealed class DeviceFlow(
    ProtocolOptions options,
    ClientAuthenticator authenticator,
    TokenStore tokens,
    FlowStore flows,
    HmacTokenCodec codec,
    UserCodes userCodes,
    FlowCookies cookies,
    AuthorizeFlow authorize,
    TimeProvider time)
{
    private const string DeviceCsrfPurpose = "csrf/device";

    /// <summary>The device authorization endpoint (RFC 8628 §3.1–3.2).</summary>
    public async Task<(JsonObject? Response, OAuth2Error? Error)> AuthorizeDeviceAsync(TokenRequest request, CancellationToken ct)
    {
        var (client, error) = await authenticator.AuthenticateAsync(request.Credentials, ct);
        if (client is null)
        {
            return (null, error);
        }

        if (!client.AllowsGrant(GrantTypes.DeviceCode))
        {
            return (null, OAuth2Error.UnauthorizedClient($"The OAuth 2.0 Client is not allowed to use authorization grant '{GrantTypes.DeviceCode}'."));
        }

        if (ClientPermissions.Check(options.Scopes, client, request.Scopes, request.Audience) is { } denied)
        {
            return (null, denied);
        }

        var now = time.GetUtcNow();
        var (deviceCode, signature) = codec.Generate(TokenKind.DeviceCodePrefix);
        var userCode = userCodes.Generate();
        var requestId = RequestIds.NewTimeOrdered(now);
        var session = new GrantSession
        {
            ClientId = client.Id,
            GrantType = GrantTypes.DeviceCode,
            RequestedScopes = request.Scopes,
            RequestedAudience = request.Audience,
            RequestedAt = now,
            DeviceStatus = "pending",
        };
        var expires = now + options.DeviceUserCodeTtl;
        await tokens.InsertAsync(
        [
            new StoredToken(TokenKind.DeviceCode, signature, requestId, true, now, expires, session),
            new StoredToken(TokenKind.UserCode, userCodes.Signature(userCode), requestId, true, now, expires, session),
        ], ct);
        var verification = options.PublicUrl + "oauth2/device/verify";
        return (new JsonObject
        {
            ["device_code"] = deviceCode,
            ["user_code"] = userCode,
            ["verification_uri"] = verification,
            ["verification_uri_complete"] = AuthorizationResponse.Append(verification, '?', [new("user_code", userCode)]),
            ["expires_in"] = (long)options.DeviceUserCodeTtl.TotalSeconds,
            ["interval"] = (long)options.DevicePollingInterval.TotalSeconds,
        }, null);
    }

    /// <summary>
    /// <c>/oauth2/device/verify</c>: starts a device challenge, or continues with a device verifier, or (for
    /// the login and consent steps that follow) hands over to the authorization flow.
    /// </summary>
    public async Task<AuthorizeOutcome> VerifyAsync(IReadOnlyDictionary<string, string> parameters, Func<string, string?> cookie, CancellationToken ct)
    {
        if (parameters.ContainsKey("login_verifier") || parameters.ContainsKey("consent_verifier"))
        {
            return await authorize.HandleAsync(parameters, "", cookie, ct);
        }

        var now = time.GetUtcNow();
        if (parameters.TryGetValue("device_verifier", out var verifier) && verifier.Length > 0)
        {
            return await AfterUserCodeAsync(verifier, cookie, now, ct);
        }

        var challenge = new Flow
        {
            Id = RequestIds.New(),
            ClientId = "",
            State = FlowState.DeviceUnused,
            RequestedAt = now,
            ExpiresAt = now + options.LoginConsentRequestTtl,
            Request = new AuthorizationRequest { ClientId = "", RedirectUri = "", ResponseTypes = [], ResponseMode = "query", RequestUrl = options.PublicUrl + "oauth2/device/verify" },
            Csrf = RequestIds.New(),
        };
        await flows.InsertAsync(challenge, ct);
        var query = new List<KeyValuePair<string, string>> { new("device_challenge", challenge.Id) };
        if (parameters.TryGetValue("user_code", out var userCode) && userCode.Length > 0)
        {
            query.Add(new("user_code", userCode));
        }

        var target = options.DeviceVerificationUrl;
        return AuthorizeOutcome.Redirect(AuthorizationResponse.Append(target, '?', query), DeviceCsrf(challenge.Csrf));
    }

    /// <summary><c>PUT /admin/oauth2/auth/requests/device/accept</c>: the verification app vouches for the user code.</summary>
    public async Task<FlowAdminResult> AcceptAsync(string? deviceChallenge, JsonObject body, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(deviceChallenge))
        {
            return FlowAdminResult.Invalid("Query parameter 'device_challenge' is not defined but should have been.");
        }

        if (body["user_code"] is not JsonValue value || !value.TryGetValue<string>(out var userCode) || userCode.Length == 0)
        {
            return FlowAdminResult.Invalid("Field 'user_code' must not be empty.");
        }

        var now = time.GetUtcNow();
        var challenge = await flows.GetByLoginChallengeAsync(deviceChallenge, ct);
        if (challenge is null || challenge.State is not (FlowState.DeviceUnused or FlowState.DeviceHandled))
        {
            return FlowAdminResult.NotFound("device challenge");
        }

        if (challenge.ExpiresAt <= now)
        {
            return FlowAdminResult.Expired("device");
        }

        var code = await tokens.GetAsync(TokenKind.UserCode, userCodes.Signature(userCode), ct);
        if (code is null || !code.Active || code.IsExpired(now))
        {
            return FlowAdminResult.Invalid("The 'user_code' session could not be found or has expired or is otherwise malformed.");
        }

        var device = await tokens.GetByRequestAsync(TokenKind.DeviceCode, code.RequestId, ct);
        if (device is null || !device.Active)
        {
            return FlowAdminResult.Invalid("The device code of this 'user_code' was already used.");
        }

        var deviceSignature = device.Signature;
        var login = new Flow
        {
            Id = RequestIds.New(),
            ClientId = code.Session.ClientId,
            State = FlowState.LoginUnused,
            LoginSessionId = RequestIds.New(),
            RequestedAt = now,
            ExpiresAt = now + options.LoginConsentRequestTtl,
            Request = new AuthorizationRequest
            {
                ClientId = code.Session.ClientId,
                RedirectUri = "",
                ResponseTypes = [],
                ResponseMode = "query",
                Scopes = code.Session.RequestedScopes,
                Audience = code.Session.RequestedAudience,
                DeviceCodeSignature = deviceSignature,
                RequestUrl = options.PublicUrl + "oauth2/device/verify",
            },
            Csrf = RequestIds.New(),
        };

        var observed = challenge.State;
        challenge.State = FlowState.DeviceHandled;
        challenge.LoginVerifier = RequestIds.New();
        challenge.LinkedFlowId = login.Id;
        if (!await tokens.TryUseAsync(TokenKind.UserCode, code.Signature, ct))
        {
            return FlowAdminResult.Invalid("The 'user_code' was already used.");
        }

        await flows.InsertAsync(login, ct);
        if (!await flows.UpdateAsync(challenge, observed, ct))
        {
            return FlowAdminResult.Error(409, "request_already_used", "The device challenge was answered concurrently.");
        }

        return FlowAdminResult.Redirect(AuthorizationResponse.Append(options.PublicUrl + "oauth2/device/verify", '?', [new("device_verifier", challenge.LoginVerifier)]));
    }

    private async Task<AuthorizeOutcome> AfterUserCodeAsync(string verifier, Func<string, string?> cookie, DateTimeOffset now, CancellationToken ct)
    {
        var challenge = await flows.GetByLoginVerifierAsync(verifier, ct);
        if (challenge is null || challenge.State != FlowState.DeviceHandled || challenge.ExpiresAt <= now || challenge.LinkedFlowId is null)
        {
            return AuthorizationResponse.ErrorPage(options.ErrorUrl, OAuth2Error.AccessDenied("The device verifier has already been used, has not been granted, or is invalid."));
        }

        if (!cookies.CsrfMatches(DeviceCsrfPurpose, cookie(options.DeviceCsrfCookie), challenge.Csrf))
        {
            return AuthorizationResponse.ErrorPage(options.ErrorUrl, new OAuth2Error("request_forbidden", "The device CSRF cookie is missing or does not match: finish the verification in the browser that started it.", 403));
        }

        challenge.State = FlowState.DeviceUsed;
        if (!await flows.UpdateAsync(challenge, FlowState.DeviceHandled, ct)
            || await flows.GetByLoginChallengeAsync(challenge.LinkedFlowId, ct) is not { } login)
        {
            return AuthorizationResponse.ErrorPage(options.ErrorUrl, OAuth2Error.AccessDenied("The device verifier has already been used."));
        }

        var loginUrl = AuthorizationResponse.Append(options.LoginUrl, '?', [new("login_challenge", login.Id)]);
        return AuthorizeOutcome.Redirect(loginUrl, cookies.LoginCsrf(login.ClientId, login.Csrf), new CookieInstruction(options.DeviceCsrfCookie, null));
    }

    private CookieInstruction DeviceCsrf(string csrf) => cookies.Sealed(options.DeviceCsrfCookie, DeviceCsrfPurpose, csrf);
}
