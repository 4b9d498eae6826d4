namespace Tessera.OAuth2.Protocol;

/// <summary>
/// RFC 7662 for the admin API: finds an access or refresh token by its signature and says whether it is
/// active, optionally only when it carries every scope in <c>scope</c>.
/// </summary>
internal sealed class Introspection(ProtocolOptions options, TokenFinder finder, TimeProvider time)
{
    public async Task<IntrospectionResult?> IntrospectAsync(string? token, IReadOnlyList<string> requiredScopes, CancellationToken ct)
    {
        var found = await finder.FindAsync(token, ct);

        if (found is null || !found.Active || found.IsExpired(time.GetUtcNow()))
        {
            return null;
        }

        if (options.Scopes.FirstDisallowed(found.Session.GrantedScopes, requiredScopes) is not null)
        {
            return null;
        }

        return new IntrospectionResult(found, options.Issuer);
    }
}
