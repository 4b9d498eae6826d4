using System.Security.Cryptography;
using System.Text;
using Tessera.OAuth2.Protocol;
using Tessera.Platform.Crypto;

namespace Tessera.OAuth2.Flows;

/// <summary>
/// The browser-binding cookies of the flows: the login and consent CSRF cookies (one per client, so
/// parallel flows for different clients do not clobber each other) and the remembered-login session
/// cookie. Values are sealed with the cookie secret, so they can be neither read nor forged.
/// </summary>
internal sealed class FlowCookies(ProtocolOptions options, SecretBox box)
{
    public string LoginCsrfName(string clientId) => options.LoginCsrfCookie + "_" + Suffix(clientId);

    public string ConsentCsrfName(string clientId) => options.ConsentCsrfCookie + "_" + Suffix(clientId);

    public string SessionName => options.SessionCookie;

    public CookieInstruction LoginCsrf(string clientId, string csrf) => new(LoginCsrfName(clientId), box.Seal("csrf/login", csrf), options.LoginConsentRequestTtl);

    public CookieInstruction ConsentCsrf(string clientId, string csrf) => new(ConsentCsrfName(clientId), box.Seal("csrf/consent", csrf), options.LoginConsentRequestTtl);

    public CookieInstruction Session(string sessionId, TimeSpan maxAge) => new(SessionName, box.Seal("session", sessionId), maxAge, options.SessionCookiePath);

    /// <summary>A cookie carrying <paramref name="value"/> sealed for <paramref name="purpose"/>.</summary>
    public CookieInstruction Sealed(string name, string purpose, string value) => new(name, box.Seal(purpose, value), options.LoginConsentRequestTtl);

    public CookieInstruction DeleteSession() => new(SessionName, null, null, options.SessionCookiePath);

    /// <summary>Whether the sealed cookie value carries <paramref name="expected"/> (constant-time).</summary>
    public bool CsrfMatches(string purpose, string? cookie, string expected)
    {
        var value = box.OpenString(purpose, cookie);
        return value is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(value), Encoding.UTF8.GetBytes(expected));
    }

    public string? SessionId(string? cookie) => box.OpenString("session", cookie);

    private static string Suffix(string clientId) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(clientId)))[..8];
}
