using Tessera.OAuth2.Clients;
using Tessera.OAuth2.Protocol;
using Tessera.OAuth2.Storage;
using Tessera.Platform.Crypto;

namespace Tessera.OAuth2.Flows;

/// <summary>
/// Turns a granted consent into what the client asked for at the authorization endpoint: a code
/// (stored by signature with everything the token endpoint will need), and for the implicit and
/// hybrid response types an access token and/or ID token.
/// </summary>
internal sealed class AuthorizationIssuer(ProtocolOptions options, TokenIssuer tokens, IdTokenFactory idTokens, TokenStore store, HmacTokenCodec codec)
{
    public async Task<List<KeyValuePair<string, string>>> IssueAsync(Flow flow, OAuth2Client client, DateTimeOffset now, CancellationToken ct)
    {
        var request = flow.Request;
        var session = flow.Granted(new GrantSession
        {
            ClientId = client.Id,
            GrantType = GrantTypes.AuthorizationCode,
            RequestedScopes = request.Scopes,
            RequestedAudience = request.Audience,
            RequestedAt = now,
            Nonce = request.Nonce,
            RedirectUri = request.RedirectUriGiven ? request.RedirectUri : null,
            CodeChallenge = request.CodeChallenge,
            CodeChallengeMethod = request.CodeChallengeMethod,
        }, client, options.PairwiseSalt);

        var requestId = RequestIds.NewTimeOrdered(now);
        var values = new List<KeyValuePair<string, string>>();
        string? code = null, accessToken = null;
        if (request.Has("code"))
        {
            (code, var signature) = codec.Generate(TokenKind.CodePrefix);
            await store.InsertAsync([new StoredToken(TokenKind.Code, signature, requestId, true, now, now + options.AuthCodeTtl, session)], ct);
            values.Add(new("code", code));
        }

        if (request.Has("token"))
        {
            var implicitSession = session with { GrantType = GrantTypes.Implicit, CodeChallenge = null, CodeChallengeMethod = null };
            var issued = await tokens.MintAsync(implicitSession, client, requestId, refresh: false, openId: false, ct);
            await store.InsertAsync(issued.Rows, ct);
            accessToken = issued.Response.AccessToken;
            values.Add(new("access_token", accessToken));
            values.Add(new("token_type", "bearer"));
            values.Add(new("expires_in", issued.Response.ExpiresIn.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        if (request.Has("id_token") && session.HasScope("openid"))
        {
            var implicitSession = session with { GrantType = GrantTypes.Implicit };
            values.Add(new("id_token", await idTokens.CreateAsync(implicitSession, client, now, TokenLifespans.IdToken(options, client, GrantTypes.Implicit), accessToken, code, ct)));
        }

        values.Add(new("scope", string.Join(' ', session.GrantedScopes)));
        return values;
    }
}
