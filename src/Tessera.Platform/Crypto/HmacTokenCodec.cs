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
    private const int MaxTokenChars = 512;
    private static readonly int SignatureChars = Base64Url.GetEncodedLength(HmacSha256Key.MacBytes);
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
        Span<byte> signature = stackalloc byte[SignatureChars];
        Sign(keys[0], Encoding.ASCII.GetBytes(key), signature);
        var text = Encoding.ASCII.GetString(signature);
        return (prefix + key + "." + text, time + text);
    }

    /// <summary>
    /// The stored signature of a well-formed token that carries <paramref name="prefix"/> and verifies
    /// under one of the secrets; false for anything else, without throwing.
    /// </summary>
    public bool TryGetSignature(string? token, string prefix, out string signature)
    {
        signature = "";
        if (token is null || prefix is null || !token.StartsWith(prefix, StringComparison.Ordinal) || token.Length > MaxTokenChars)
        {
            return false;
        }

        var body = token.AsSpan(prefix.Length);
        var dot = body.IndexOf('.');
        if (dot <= TimeDigits || body.Length - dot - 1 != SignatureChars || !Ascii.IsValid(body))
        {
            return false;
        }

        Span<byte> key = stackalloc byte[dot];
        Encoding.ASCII.GetBytes(body[..dot], key);
        Span<byte> presented = stackalloc byte[SignatureChars];
        Encoding.ASCII.GetBytes(body[(dot + 1)..], presented);
        Span<byte> expected = stackalloc byte[SignatureChars];
        foreach (var candidate in keys)
        {
            Sign(candidate, key, expected);
            if (CryptographicOperations.FixedTimeEquals(expected, presented))
            {
                signature = string.Concat(body[..TimeDigits], body[(dot + 1)..]);
                return true;
            }
        }

        return false;
    }

    /// <summary>Writes the base64url HMAC of <paramref name="message"/> to <paramref name="encoded"/>.</summary>
    private static void Sign(HmacSha256Key key, ReadOnlySpan<byte> message, Span<byte> encoded)
    {
        Span<byte> mac = stackalloc byte[HmacSha256Key.MacBytes];
        key.Compute(message, mac);
        Base64Url.EncodeToUtf8(mac, encoded);
    }
}
