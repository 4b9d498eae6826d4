using Tessera.OAuth2.Clients;
using Tessera.Platform.Scopes;

namespace Tessera.OAuth2.Protocol;

/// <summary>Whether a client may ask for these scopes (<c>strategies.scope</c>) and audiences, with Hydra's error for the first that it may not.</summary>
internal static class ClientPermissions
{
    public static OAuth2Error? Check(ScopeStrategy strategy, OAuth2Client client, IReadOnlyList<string> scopes, IReadOnlyList<string> audience)
    {
        if (strategy.FirstDisallowed(client.Scopes, scopes) is { } scope)
        {
            return OAuth2Error.InvalidScope($"The OAuth 2.0 Client is not allowed to request scope '{scope}'.");
        }

        return AudienceMatcher.FirstDisallowed(client.Audience, audience) is { } disallowed
            ? OAuth2Error.InvalidRequest($"Requested audience '{disallowed}' has not been whitelisted by the OAuth 2.0 Client.")
            : null;
    }
}
