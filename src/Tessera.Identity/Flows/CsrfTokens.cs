using System.Security.Cryptography;

namespace Tessera.Identity.Flows;

/// <summary>
/// Anti-CSRF tokens as Kratos's nosurf makes them: the cookie holds a random 32-byte token (base64);
/// a form carries it masked — a fresh 32-byte pad followed by the token XORed with the pad (base64 of
/// 64 bytes) — so the value in a page changes on every flow while it checks against the same cookie.
/// </summary>
internal static class CsrfTokens
{
    private const int Length = 32;

    /// <summary>A new token for the cookie.</summary>
    public static string NewCookieToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(Length));

    /// <summary>True when <paramref name="cookie"/> is a token nosurf would accept (32 bytes once decoded).</summary>
    public static bool IsValidCookieToken(string? cookie) => Decode(cookie) is { Length: Length };

    /// <summary>The cookie's token masked with a fresh pad, for a form.</summary>
    public static string Mask(string cookieToken)
    {
        var token = Decode(cookieToken) ?? throw new ArgumentException("not a token", nameof(cookieToken));
        var masked = new byte[Length * 2];
        RandomNumberGenerator.Fill(masked.AsSpan(0, Length));
        for (var i = 0; i < Length; i++)
        {
            masked[Length + i] = (byte)(token[i] ^ masked[i]);
        }

        return Convert.ToBase64String(masked);
    }

    /// <summary>nosurf's <c>VerifyToken</c>: both sides unmasked when masked, then compared in constant time.</summary>
    public static bool Verify(string? expected, string? sent)
    {
        var a = Unmask(Decode(expected));
        var b = Unmask(Decode(sent));
        return a is { Length: Length } && b is { Length: Length } && CryptographicOperations.FixedTimeEquals(a, b);
    }

    private static byte[]? Unmask(byte[]? token)
    {
        if (token is not { Length: Length * 2 })
        {
            return token;
        }

        var plain = new byte[Length];
        for (var i = 0; i < Length; i++)
        {
            plain[i] = (byte)(token[i] ^ token[Length + i]);
        }

        return plain;
    }

    private static byte[]? Decode(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        var buffer = new byte[(value.Length * 3 / 4) + 3];
        return Convert.TryFromBase64String(value, buffer, out var written) ? buffer[..written] : null;
    }
}
