using System.Text.Json.Nodes;

namespace Tessera.OAuth2.Trust;

/// <summary>
/// A checked request to trust an issuer (Hydra's <c>trustOAuth2JwtGrantIssuer</c> body): the issuer, a
/// subject or any subject, the scopes it may request, the public key (with a kid) it signs with, and
/// when the trust ends.
/// </summary>
internal sealed record TrustRequest(string Issuer, string Subject, bool AllowAnySubject, IReadOnlyList<string> Scope, JsonObject PublicKey, DateTimeOffset ExpiresAt);
