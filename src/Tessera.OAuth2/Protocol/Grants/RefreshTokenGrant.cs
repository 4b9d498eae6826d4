using Tessera.OAuth2.Clients;
using Tessera.OAuth2.Storage;
using Tessera.Platform.Crypto;

namespace Tessera.OAuth2.Protocol.Grants;

/// <summary>
/// RFC 6749 §6 with rotation: each refresh token works once and is replaced; presenting a used one is
/// treated as theft and revokes the whole grant (every token sharing its request id). With a grace
/// period (<see cref="RefreshRotationGrace"/>), a used token keeps working for that long after its first
/// use, as in Hydra, and only its own access token is revoked on each rotation.
/// As in fosite, every scope and audience of the grant is checked again against the client's current
/// registration, so one taken away from the client is no longer refreshed. A <c>scope</c> parameter
/// (RFC 6749 §6) may name a subset of the originally granted scopes (exact names, no wildcard
/// matching): the new access token gets that subset, the new refresh token keeps the original grant,
/// so a later refresh can ask for the whole grant again. (fosite ignores the parameter and always
/// issues the whole grant; a request without it behaves the same here.)
/// </summary>
internal sealed class RefreshTokenGrant(ProtocolOptions options, TokenIssuer issuer, TokenStore store, HmacTokenCodec codec, TimeProvider time)
{
    public async Task<(IssuedTokens? Tokens, OAuth2Error? Error)> HandleAsync(TokenRequest request, OAuth2Client client, CancellationToken ct)
    {
        if (!codec.TryGetSignature(request["refresh_token"], TokenKind.RefreshPrefix, out var signature))
        {
            return (null, OAuth2Error.InvalidGrant("The refresh token is missing, malformed or was not issued by this server."));
        }

        var stored = await store.GetAsync(TokenKind.Refresh, signature, ct);
        if (stored is null)
        {
            return (null, OAuth2Error.InvalidGrant("The refresh token is unknown."));
        }

        var grace = options.RefreshGrace;
        if (!stored.Active && !grace.Enabled)
        {
            return await ReusedAsync(stored);
        }

        var session = stored.Session;
        if (session.ClientId != client.Id)
        {
            return (null, OAuth2Error.InvalidGrant("The refresh token was issued to another client."));
        }

        var now = time.GetUtcNow();
        if (stored.IsExpired(now))
        {
            return (null, OAuth2Error.InvalidGrant("The refresh token has expired."));
        }

        if (!session.HasScope("offline") && !session.HasScope("offline_access"))
        {
            return (null, new OAuth2Error("scope_not_granted", "The OAuth 2.0 Client was not granted scope offline or offline_access and may thus not perform the 'refresh_token' authorization grant.", 403));
        }

        // The client's registration now, not when the grant was made (strategies.scope applies).
        if (ClientPermissions.Check(options.Scopes, client, session.GrantedScopes, session.GrantedAudience) is { } withdrawn)
        {
            return (null, withdrawn);
        }

        var scopes = session.GrantedScopes;
        if (request.Scopes.Count > 0)
        {
            if (request.Scopes.FirstOrDefault(scope => !session.GrantedScopes.Contains(scope, StringComparer.Ordinal)) is { } extra)
            {
                return (null, OAuth2Error.InvalidScope($"The scope '{extra}' was not granted originally and cannot be added on refresh."));
            }

            scopes = request.Scopes.Distinct(StringComparer.Ordinal).ToList();
        }

        var renewed = session with { GrantType = GrantTypes.RefreshToken, GrantedScopes = scopes, RequestedAt = now };
        var (tokens, refused) = await issuer.IssueAsync(renewed, client, request, stored.RequestId, refresh: true, renewed.HasScope("openid"), ct);
        if (tokens is null)
        {
            return (null, refused);
        }

        if (scopes != session.GrantedScopes)
        {
            tokens = KeepGrantOnRefreshToken(tokens, session.GrantedScopes);
        }

        var rotated = grace.Enabled
            ? await store.RotateRefreshGracefullyAsync(stored, tokens.Rows, grace, now, ct)
            : await store.ExchangeAsync(TokenKind.Refresh, signature, tokens.Rows, ct);
        return rotated ? (tokens, null) : await ReusedAsync(stored);
    }

    /// <summary>The narrowed scope is the access token's; the new refresh token carries the whole original grant on.</summary>
    private static IssuedTokens KeepGrantOnRefreshToken(IssuedTokens tokens, IReadOnlyList<string> grantedScopes)
    {
        var rows = new List<StoredToken>(tokens.Rows.Count);
        foreach (var row in tokens.Rows)
        {
            rows.Add(row.Kind == TokenKind.Refresh ? row with { Session = row.Session with { GrantedScopes = grantedScopes } } : row);
        }

        return tokens with { Rows = rows };
    }

    private async Task<(IssuedTokens?, OAuth2Error?)> ReusedAsync(StoredToken stored)
    {
        // Not the caller's cancellation: a detected reuse revokes the grant even if the client hangs up.
        await store.RevokeRequestAsync(stored.RequestId, CancellationToken.None);
        return (null, OAuth2Error.InvalidGrant("The refresh token was already used or revoked; every token of this grant is now revoked."));
    }
}
