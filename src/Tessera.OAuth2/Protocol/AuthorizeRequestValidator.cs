using System.Globalization;
using Tessera.OAuth2.Clients;
using Tessera.OAuth2.Flows;
using Tessera.OAuth2.Storage;

namespace Tessera.OAuth2.Protocol;

/// <summary>
/// Checks an authorization request as Hydra does: the client and its exact redirect URI first (an
/// untrusted redirect URI is never redirected to), then response type and mode, scope, audience,
/// state and nonce entropy, PKCE, prompt and max_age, each error redirected to the client.
/// </summary>
internal sealed class AuthorizeRequestValidator(ProtocolOptions options, ClientStore clients, Keys.SigningKeys keys)
{
    private const int MinimumEntropy = 8;
    private static readonly string[] KnownResponseTypes = ["code", "token", "id_token"];

    public async Task<AuthorizeValidation> ValidateAsync(IReadOnlyDictionary<string, string> parameters, string requestUrl, CancellationToken ct)
    {
        string? Get(string name) => parameters.TryGetValue(name, out var v) && v.Length > 0 ? v : null;

        var clientId = Get("client_id");
        if (clientId is null)
        {
            return Fail(OAuth2Error.InvalidRequest("The request is missing the client_id parameter."), null);
        }

        var client = await clients.GetAsync(clientId, ct);
        if (client is null)
        {
            return Fail(OAuth2Error.InvalidClient("The requested OAuth 2.0 Client does not exist."), null);
        }

        var redirectUri = Get("redirect_uri");
        if (redirectUri is null)
        {
            if (client.RedirectUris.Count != 1)
            {
                return Fail(OAuth2Error.InvalidRequest("The redirect_uri parameter is required because the client has not exactly one registered redirect URI."), null);
            }

            redirectUri = client.RedirectUris[0];
        }
        else if (!client.RedirectUris.Contains(redirectUri, StringComparer.Ordinal))
        {
            return Fail(new OAuth2Error("invalid_request", "The 'redirect_uri' parameter does not match any of the OAuth 2.0 Client's pre-registered redirect urls."), null);
        }

        if (!BrowserTargets.IsSafe(redirectUri))
        {
            // Registration refuses such URIs; one stored before that rule is never sent to a browser.
            return Fail(OAuth2Error.InvalidRequest(BrowserTargets.RefusedMessage), null);
        }

        var responseTypes = TokenRequest.SplitSpaces(Get("response_type"));
        var state = Get("state");
        var defaultMode = responseTypes.Count == 1 && responseTypes[0] == "code" || responseTypes.Count == 0 ? "query" : "fragment";
        var responseMode = Get("response_mode") ?? defaultMode;
        var target = new RedirectTarget(redirectUri, responseMode is "query" or "fragment" or "form_post" ? responseMode : defaultMode, state);

        if (responseTypes.Count == 0)
        {
            return Fail(OAuth2Error.UnsupportedResponseType("The request is missing the response_type parameter."), target);
        }

        if (responseTypes.FirstOrDefault(t => !KnownResponseTypes.Contains(t)) is { } unknown)
        {
            return Fail(OAuth2Error.UnsupportedResponseType($"The response_type '{unknown}' is not supported."), target);
        }

        if (!client.ResponseTypes.Any(registered => SameSet(TokenRequest.SplitSpaces(registered), responseTypes)))
        {
            return Fail(OAuth2Error.UnsupportedResponseType($"The client is not allowed to request response_type '{string.Join(' ', responseTypes)}'."), target);
        }

        if (responseTypes.Contains("code") && !client.AllowsGrant(GrantTypes.AuthorizationCode))
        {
            return Fail(OAuth2Error.UnauthorizedClient("The client is not allowed to use the authorization_code grant."), target);
        }

        if ((responseTypes.Contains("token") || responseTypes.Contains("id_token")) && !client.AllowsGrant(GrantTypes.Implicit))
        {
            return Fail(OAuth2Error.UnauthorizedClient("The client is not allowed to use the implicit grant."), target);
        }

        if (responseMode is not ("query" or "fragment" or "form_post"))
        {
            return Fail(new OAuth2Error("unsupported_response_mode", $"The response_mode '{responseMode}' is not supported."), target);
        }

        if (responseMode == "query" && defaultMode == "fragment")
        {
            return Fail(OAuth2Error.InvalidRequest("Tokens must not be sent in the query: use response_mode fragment or form_post with this response_type."), target);
        }

        if (state is null || state.Length < MinimumEntropy)
        {
            return Fail(new OAuth2Error("invalid_state", $"The state is missing or has fewer than {MinimumEntropy} characters and is therefore considered too weak."), target);
        }

        var scopes = TokenRequest.SplitSpaces(Get("scope"));
        var audience = TokenRequest.SplitSpaces(Get("audience"));
        if (ClientPermissions.Check(options.Scopes, client, scopes, audience) is { } denied)
        {
            return Fail(denied, target);
        }

        var nonce = Get("nonce");
        if (nonce is not null && nonce.Length < MinimumEntropy)
        {
            return Fail(new OAuth2Error("invalid_nonce", $"The nonce has fewer than {MinimumEntropy} characters and is therefore considered too weak."), target);
        }

        if (responseTypes.Contains("id_token") && scopes.Contains("openid") && nonce is null)
        {
            return Fail(new OAuth2Error("invalid_nonce", "A nonce is required when an ID token is returned from the authorization endpoint."), target);
        }

        var challenge = Get("code_challenge");
        var method = Get("code_challenge_method");
        if (Pkce.CheckChallenge(challenge, method) is { } pkceError)
        {
            return Fail(pkceError, target);
        }

        if (challenge is null && responseTypes.Contains("code") && (options.PkceEnforced || (options.PkceEnforcedForPublicClients && client.IsPublic)))
        {
            return Fail(OAuth2Error.InvalidRequest("Clients must include a code_challenge when performing the authorize code flow, but it is missing."), target);
        }

        var prompt = TokenRequest.SplitSpaces(Get("prompt"));
        if (prompt.FirstOrDefault(p => p is not ("none" or "login" or "consent" or "select_account")) is { } badPrompt)
        {
            return Fail(OAuth2Error.InvalidRequest($"The prompt value '{badPrompt}' is not supported."), target);
        }

        if (prompt.Contains("none") && prompt.Count > 1)
        {
            return Fail(OAuth2Error.InvalidRequest("The prompt value 'none' must not be combined with other values."), target);
        }

        long? maxAge = null;
        if (Get("max_age") is { } maxAgeText)
        {
            if (!long.TryParse(maxAgeText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                return Fail(OAuth2Error.InvalidRequest("The max_age parameter must be a non-negative number of seconds."), target);
            }

            maxAge = parsed;
        }

        string? hintSubject = null;
        if (Get("id_token_hint") is { } hint)
        {
            // An expired ID token is still a fine hint (OIDC Core §3.1.2.1); only the signature matters.
            if (await keys.VerifyAsync(Keys.KeySetNames.IdToken, hint, ct) is not { } hintClaims
                || hintClaims["sub"] is not System.Text.Json.Nodes.JsonValue sub || sub.GetValueKind() != System.Text.Json.JsonValueKind.String)
            {
                return Fail(OAuth2Error.InvalidRequest("The id_token_hint is not a valid ID token issued by this server."), target);
            }

            hintSubject = sub.GetValue<string>();
        }

        var request = new AuthorizationRequest
        {
            ClientId = client.Id,
            RedirectUri = redirectUri,
            RedirectUriGiven = Get("redirect_uri") is not null,
            ResponseTypes = responseTypes,
            ResponseMode = responseMode,
            Scopes = scopes,
            Audience = audience,
            State = state,
            Nonce = nonce,
            CodeChallenge = challenge,
            CodeChallengeMethod = challenge is null ? null : method,
            Prompt = prompt,
            MaxAge = maxAge,
            IdTokenHintSubject = hintSubject,
            LoginHint = Get("login_hint"),
            AcrValues = TokenRequest.SplitSpaces(Get("acr_values")),
            UiLocales = TokenRequest.SplitSpaces(Get("ui_locales")),
            Display = Get("display"),
            RequestUrl = requestUrl,
        };
        return new AuthorizeValidation(request, client, null, target);
    }

    private static AuthorizeValidation Fail(OAuth2Error error, RedirectTarget? target) => new(null, null, error, target);

    private static bool SameSet(IReadOnlyList<string> a, IReadOnlyList<string> b) => a.Count == b.Count && a.All(b.Contains);
}
