using Tessera.OAuth2.Clients;
using Tessera.OAuth2.Storage;
using Tessera.Platform.Crypto;

namespace Tessera.OAuth2.Protocol.Grants;

/// <summary>
/// RFC 8628 §3.4–3.5: the device polls with its device code; it waits (<c>authorization_pending</c>)
/// until the user has consented, then gets its tokens once. A device polling again sooner than the
/// polling interval after its last poll gets <c>slow_down</c>, as in Hydra; the last poll is kept with
/// the device code, so every instance sees it.
/// </summary>
internal sealed class DeviceCodeGrant(TokenIssuer issuer, TokenStore store, HmacTokenCodec codec, TimeSpan pollingInterval, TimeProvider time)
{
    public async Task<(IssuedTokens? Tokens, OAuth2Error? Error)> HandleAsync(TokenRequest request, OAuth2Client client, CancellationToken ct)
    {
        if (!codec.TryGetSignature(request["device_code"], TokenKind.DeviceCodePrefix, out var signature))
        {
            return (null, OAuth2Error.InvalidGrant("The device_code is missing, malformed or was not issued by this server."));
        }

        var device = await store.GetAsync(TokenKind.DeviceCode, signature, ct);
        if (device is null || device.Session.ClientId != client.Id)
        {
            return (null, OAuth2Error.InvalidGrant("The device_code is unknown or was issued to another client."));
        }

        if (!device.Active)
        {
            await store.RevokeRequestAsync(device.RequestId, ct);
            return (null, OAuth2Error.InvalidGrant("The device_code has already been used; the tokens issued from it are revoked."));
        }

        var now = time.GetUtcNow();
        if (device.IsExpired(now))
        {
            return (null, OAuth2Error.ExpiredToken("The device_code has expired; start the device flow again."));
        }

        if (!await store.TryRecordPollAsync(signature, now, pollingInterval, ct))
        {
            return (null, OAuth2Error.SlowDown($"The device polled again sooner than {pollingInterval.TotalSeconds:0.###} seconds after its last poll; poll less often (RFC 8628: add 5 seconds to the interval)."));
        }

        var session = device.Session;
        switch (session.DeviceStatus)
        {
            case "denied":
                return (null, OAuth2Error.AccessDenied("The user denied the authorization request.") with { Status = 400 });
            case not "authorized":
                return (null, OAuth2Error.AuthorizationPending("The user has not finished the authorization yet; poll again after the interval."));
        }

        var refresh = client.AllowsGrant(GrantTypes.RefreshToken) && (session.HasScope("offline") || session.HasScope("offline_access"));
        var granted = session with { DeviceStatus = null, RequestedAt = now };
        var (tokens, refused) = await issuer.IssueAsync(granted, client, request, device.RequestId, refresh, session.HasScope("openid"), ct);
        if (tokens is null)
        {
            return (null, refused);
        }

        if (!await store.ExchangeAsync(TokenKind.DeviceCode, signature, tokens.Rows, ct))
        {
            await store.RevokeRequestAsync(device.RequestId, ct);
            return (null, OAuth2Error.InvalidGrant("The device_code has already been used."));
        }

        return (tokens, null);
    }
}
