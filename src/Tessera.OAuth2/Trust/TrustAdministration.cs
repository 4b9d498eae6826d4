using System.Text.Json.Nodes;
using Tessera.OAuth2.Storage;

namespace Tessera.OAuth2.Trust;

/// <summary>
/// Hydra's trusted JWT-bearer issuers (<c>/admin/trust/grants/jwt-bearer/issuers</c>): trust an issuer
/// (its key is kept in a key set named after it), read, list and delete the grants.
/// </summary>
internal sealed class TrustAdministration(TrustStore store)
{
    public async Task<TrustWrite> CreateAsync(JsonNode body, CancellationToken ct)
    {
        var (request, error) = TrustRequestValidator.Validate(body);
        if (request is null)
        {
            return new TrustWrite(null, error);
        }

        var grant = await store.CreateAsync(request.Issuer, request.Subject, request.AllowAnySubject, request.Scope, request.PublicKey, request.ExpiresAt, ct);
        return grant is null ? new TrustWrite(null, null, Conflict: true) : new TrustWrite(grant, null);
    }

    public Task<TrustedIssuer?> GetAsync(string id, CancellationToken ct) => store.GetAsync(id, ct);

    /// <summary>Up to <paramref name="limit"/> grants after <paramref name="afterId"/>, optionally for one issuer.</summary>
    public Task<List<TrustedIssuer>> ListAsync(string? issuer, string afterId, int limit, CancellationToken ct) => store.ListAsync(issuer, afterId, limit, ct);

    /// <summary>Deletes the grant and its key; false when there was none.</summary>
    public Task<bool> DeleteAsync(string id, CancellationToken ct) => store.DeleteAsync(id, ct);
}
