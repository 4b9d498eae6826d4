namespace Tessera.OAuth2.Protocol.Assertions;

/// <summary>
/// The outcome of checking a JWT-bearer grant assertion: either <see cref="Error"/> (<c>invalid_grant</c>
/// or <c>invalid_scope</c>), or the verified issuer and subject the access token is for.
/// </summary>
/// <param name="Audience">The audience to grant the access token: empty unless <c>omit_assertion_audience</c> is off, then the assertion's <c>aud</c>.</param>
/// <param name="GrantId">The id of the trust relationship that admitted the assertion.</param>
internal sealed record JwtBearerResult(
    OAuth2Error? Error,
    string Issuer,
    string Subject,
    DateTimeOffset ExpiresAt,
    IReadOnlyList<string> Audience,
    string GrantId)
{
    public bool IsValid => Error is null;

    public static JwtBearerResult Failed(OAuth2Error error) => new(error, "", "", default, [], "");
}
