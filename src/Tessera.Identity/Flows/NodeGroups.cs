namespace Tessera.Identity.Flows;

/// <summary>Kratos's node groups (<c>node.UiNodeGroup</c>): which method a node belongs to.</summary>
internal static class NodeGroups
{
    public const string Default = "default";
    public const string Password = "password";
    public const string OpenIdConnect = "oidc";
    public const string Profile = "profile";
    public const string Link = "link";
    public const string Code = "code";
    public const string Totp = "totp";
    public const string LookupSecret = "lookup_secret";
    public const string WebAuthn = "webauthn";
    public const string Passkey = "passkey";
    public const string IdentifierFirst = "identifier_first";
    public const string Captcha = "captcha";
    public const string Saml = "saml";

    /// <summary>The order nodes are shown in (Kratos's default group order when sorting a form).</summary>
    public static readonly string[] Order = [Default, Profile, OpenIdConnect, Saml, Code, Password, Passkey, WebAuthn, LookupSecret, Totp, Captcha];

    public static int Rank(string group)
    {
        var index = Array.IndexOf(Order, group);
        return index < 0 ? Order.Length : index;
    }
}
