namespace Tessera.OAuth2.Protocol;

/// <summary>The kinds of token-like artifacts in <c>oauth2_tokens</c>, and the prefixes of their opaque forms.</summary>
internal static class TokenKind
{
    public const string Access = "access";
    public const string Refresh = "refresh";
    public const string Code = "code";
    public const string DeviceCode = "device_code";
    public const string UserCode = "user_code";

    public const string AccessPrefix = "ory_at_";
    public const string RefreshPrefix = "ory_rt_";
    public const string CodePrefix = "ory_ac_";
    public const string DeviceCodePrefix = "ory_dc_";
}
