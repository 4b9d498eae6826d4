namespace Tessera.OAuth2.Protocol;

/// <summary>An active token as introspection reports it.</summary>
internal sealed record IntrospectionResult(StoredToken Token, string Issuer)
{
    public string TokenUse => Token.Kind == TokenKind.Refresh ? "refresh_token" : "access_token";
}
