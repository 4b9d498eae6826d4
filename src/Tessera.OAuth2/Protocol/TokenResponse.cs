namespace Tessera.OAuth2.Protocol;

/// <summary>A successful token endpoint answer (RFC 6749 §5.1, plus <c>id_token</c>).</summary>
internal sealed record TokenResponse(string AccessToken, long ExpiresIn, string Scope, string? RefreshToken, string? IdToken)
{
    public string TokenType => "bearer";
}
