using Tessera.Platform.Configuration;

namespace Tessera.OAuth2.Protocol.Assertions;

/// <summary>
/// The <c>oauth2.grant.jwt.*</c> settings of the RFC 7523 JWT-bearer grant, with Hydra's defaults.
/// </summary>
/// <param name="JtiOptional">Assertions may come without <c>jti</c> (those with one are still single-use).</param>
/// <param name="IatOptional">Assertions may come without <c>iat</c>; the max TTL is then counted from now.</param>
/// <param name="MaxTtl">How far <c>exp</c> may lie after <c>iat</c> (or now).</param>
/// <param name="OmitAssertionAudience">
/// True (the default): the assertion's <c>aud</c> (which names this server) is not granted as the access
/// token's audience; false copies it, Hydra's legacy behaviour.
/// </param>
internal sealed record JwtBearerOptions(bool JtiOptional, bool IatOptional, TimeSpan MaxTtl, bool OmitAssertionAudience)
{
    public static JwtBearerOptions Default { get; } = new(false, false, TimeSpan.FromHours(720), true);

    /// <summary>
    /// Whether a granted scope pattern allows a requested scope; exact match unless the token endpoint
    /// supplies its <c>strategies.scope</c> matcher (arguments: the grant's scopes, the requested scope).
    /// </summary>
    public Func<IReadOnlyList<string>, string, bool> ScopeAllowed { get; init; } = static (granted, requested) => granted.Contains(requested, StringComparer.Ordinal);

    public static JwtBearerOptions From(ConfigSnapshot config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new(
            config.GetBool("oauth2.grant.jwt.jti_optional") ?? Default.JtiOptional,
            config.GetBool("oauth2.grant.jwt.iat_optional") ?? Default.IatOptional,
            config.GetDuration("oauth2.grant.jwt.max_ttl") ?? Default.MaxTtl,
            config.GetBool("oauth2.grant.jwt.omit_assertion_audience") ?? Default.OmitAssertionAudience);
    }
}
