using Tessera.Platform.Scopes;

namespace Tessera.Proxy.Pipeline.Credentials;

/// <summary>
/// What a JWT must satisfy (Oathkeeper's <c>ValidationContext</c>): signed with one of
/// <paramref name="Algorithms"/> by a key of <paramref name="KeyUrls"/>, for every one of
/// <paramref name="Audiences"/>, from one of <paramref name="Issuers"/> (none: any), granting every one of
/// <paramref name="Scopes"/> under <paramref name="ScopeStrategy"/> (null: <c>none</c>, which refuses any required scope).
/// </summary>
internal sealed record JwtValidation(
    IReadOnlyList<string> Algorithms,
    IReadOnlyList<string> KeyUrls,
    IReadOnlyList<string> Issuers,
    IReadOnlyList<string> Audiences,
    IReadOnlyList<string> Scopes,
    ScopeStrategy? ScopeStrategy);
