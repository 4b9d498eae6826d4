using Tessera.OAuth2.Clients;
using Tessera.OAuth2.Protocol;
using Tessera.OAuth2.Storage;

namespace Tessera.OAuth2.Flows;

/// <summary>
/// Ends a device flow's login and consent: the device code's session becomes what the user granted
/// (or is marked denied), so the device's next poll of the token endpoint gets tokens (or access_denied).
/// </summary>
internal sealed class DeviceAuthorizer(ProtocolOptions options, TokenStore store)
{
    public async Task<AuthorizeOutcome> AuthorizeAsync(Flow flow, OAuth2Client client, DateTimeOffset now, CancellationToken ct)
    {
        var signature = flow.Request.DeviceCodeSignature!;
        var stored = await store.GetAsync(TokenKind.DeviceCode, signature, ct);
        if (stored is null || !stored.Active || stored.IsExpired(now))
        {
            return AuthorizationResponse.ErrorPage(options.ErrorUrl, OAuth2Error.ExpiredToken("The device code has expired; start again on the device."));
        }

        var granted = flow.Granted(stored.Session, client, options.PairwiseSalt) with { DeviceStatus = "authorized" };
        await store.UpdateSessionAsync(TokenKind.DeviceCode, signature, granted, ct);
        return AuthorizeOutcome.Redirect(options.DeviceSuccessUrl);
    }

    public async Task<AuthorizeOutcome> DenyAsync(Flow flow, OAuth2Error error, CancellationToken ct)
    {
        var signature = flow.Request.DeviceCodeSignature!;
        if (await store.GetAsync(TokenKind.DeviceCode, signature, ct) is { Active: true } stored)
        {
            await store.UpdateSessionAsync(TokenKind.DeviceCode, signature, stored.Session with { DeviceStatus = "denied" }, ct);
        }

        return AuthorizationResponse.ErrorPage(options.ErrorUrl, error);
    }
}
