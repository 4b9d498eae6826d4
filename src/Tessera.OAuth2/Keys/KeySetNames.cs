namespace Tessera.OAuth2.Keys;

/// <summary>The key sets Hydra creates on first start, by their Hydra names.</summary>
internal static class KeySetNames
{
    public const string IdToken = "hydra.openid.id-token";
    public const string AccessToken = "hydra.jwt.access-token";
}
