using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Tessera.Platform.Crypto;

/// <summary>
/// Opaque tokens in the shape Ory's servers use: <c>prefix + key + "." + signature</c>, where the key is
/// 32 random bytes and the signature an HMAC of the key under a key derived from the system secret
/// (both base64url). Only the signature is stored, so a database leak yields no usable token; any
/// configured secret verifies, so secrets rotate without invalidating live tokens.
/// <para>
/// The key begins with its issue time (12 hex digits of Unix milliseconds), and the stored value is
/// that time followed by the signature: new tokens then sort after older ones, so inserting them
/// touches the same few index pages instead of a random page per token. The time is no secret; the
/// stored value still does not give back the key.
/// </para>
/// </summary>
public sealed class HmacTokenCodec
{
    private const int KeyBytes = 32;
    private const int TimeDigits = Persistence.TimeOrderedPrefix.Length;
    private readonly HmacSha256Key[] keys;

    public HmacTokenCodec(SecretKeys secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        keys = secrets.DeriveAll("hmac-token").Select(key => new HmacSha256Key(key)).ToArray();
    }

    /// <summary>A new token with <paramref name="prefix"/> (e.g. <c>ory_at_</c>) and its stored signature.</summary>
    public (string Token, string Signature) Generate(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var time = Persistence.TimeOrderedPrefix.Of(DateTimeOffset.UtcNow);
        var key = time + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(KeyBytes));
        var signature = Sign(keys[0], key);
        return (prefix + key + "." + signature, time + signature);
    }

    /// <summary>
    /// The stored signature of a well-formed token that carries <paramref name="prefix"/> and verifies
    /// under one of the secrets; false for anything else, without throwing.
    /// </summary>
    public bool TryGetSignature(string? token, string prefix, out string signature)
    {
        signature = "";
        if (token is null || prefix is null || !token.StartsWith(prefix, StringComparison.Ordinal) || token.Length > 512)
        {
            return false;
        }

        var body = token.AsSpan(prefix.Length);
        var dot = body.IndexOf('.');
        if (dot <= 0 || dot == body.Length - 1 || body[(dot + 1)..].Contains('.'))
        {
            return false;
        }

        if (dot <= TimeDigits)
        {
            return false;
        }

        var key = body[..dot].ToString();
        var presented = body[(dot + 1)..].ToString();
        foreach (var candidate in keys)
        {
            var expected = Sign(candidate, key);
            if (CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(presented)))
            {
                signature = key[..TimeDigits] + presented;
                return true;
            }
        }

        return false;
    }

    private static string Sign(HmacSha256Key key, string tokenKey)
    {
        Span<byte> message = stackalloc byte[tokenKey.Length];
        Encoding.ASCII.GetBytes(tokenKey, message);
        Span<byte> mac = stackalloc byte[HmacSha256Key.MacBytes];
        key.Compute(message, mac);
        return Base64Url.EncodeToString(mac);
    }
}
