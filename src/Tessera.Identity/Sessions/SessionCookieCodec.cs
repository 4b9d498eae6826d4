using System.Globalization;
using Tessera.Platform.Crypto;

namespace Tessera.Identity.Sessions;

/// <summary>
/// The session cookie's value: the session token and its expiry, sealed (AES-256-GCM) under keys derived
/// from <c>secrets.cookie</c> (else <c>secrets.default</c>). The first secret seals, every secret opens, so
/// secrets rotate without logging anyone out; a cookie sealed under an unknown secret or altered opens to nothing.
/// </summary>
internal sealed class SessionCookieCodec(SecretKeys secrets)
{
    private const string Purpose = "identity/session-cookie";
    private readonly SecretBox box = new(secrets);

    public string Seal(string token, DateTimeOffset expiresAt)
        => box.Seal(Purpose, token + "\n" + expiresAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));

    /// <summary>The token the cookie carries and the expiry it was set with; null when the value is not a cookie sealed by us.</summary>
    public (string Token, DateTimeOffset ExpiresAt)? Open(string? value)
    {
        if (box.OpenString(Purpose, value) is not { } text)
        {
            return null;
        }

        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        return newline > 0 && long.TryParse(text.AsSpan(newline + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds)
            ? (text[..newline], DateTimeOffset.FromUnixTimeMilliseconds(milliseconds))
            : null;
    }
}
