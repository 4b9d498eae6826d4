using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;

namespace Tessera.Platform.Jose;

/// <summary>
/// Compact JSON Web Signatures (RFC 7515) with the RFC 7518 algorithms RS*, PS*, ES* and HS* over
/// SHA-256/384/512. <c>none</c> is never accepted. Parsing never throws on hostile input; verification
/// ties the header's <c>alg</c> to the key's type, curve and own <c>alg</c>, so an RSA public key can
/// never be used as an HMAC secret.
/// </summary>
internal static class JsonWebSignature
{
    /// <summary>The longest compact serialization <see cref="TryParse(string, out ParsedJws)"/> accepts.</summary>
    public const int MaxLength = 16 * 1024;

    /// <summary>RSA keys shorter than this are refused for signing and verifying.</summary>
    public const int MinRsaBits = 2048;

    public static readonly IReadOnlyList<string> Algorithms =
        ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "HS256", "HS384", "HS512"];

    private static readonly JsonDocumentOptions StrictJson = new() { AllowDuplicateProperties = false, MaxDepth = 32 };

    /// <summary>Signs <paramref name="payload"/> with the private JWK, whose <c>alg</c> chooses the algorithm.</summary>
    /// <exception cref="ArgumentException">The key has no supported <c>alg</c> or does not fit it.</exception>
    public static string Sign(JsonObject payload, JsonObject privateJwk, string typ = "JWT")
    {
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(privateJwk);
        var alg = JsonWebKeyConverter.Text(privateJwk, "alg");
        if (alg is null || !Algorithms.Contains(alg))
        {
            throw new ArgumentException($"The key's alg '{alg}' is not one of {string.Join(", ", Algorithms)}.", nameof(privateJwk));
        }

        var header = new JsonObject { ["alg"] = alg };
        if (JsonWebKeyConverter.Text(privateJwk, "kid") is { } kid)
        {
            header["kid"] = kid;
        }

        if (typ.Length > 0)
        {
            header["typ"] = typ;
        }

        var signingInput = Base64Url.EncodeToString(JsonBytes(header)) + "." + Base64Url.EncodeToString(JsonBytes(payload));
        var signature = Compute(alg, privateJwk, Encoding.ASCII.GetBytes(signingInput))
            ?? throw new ArgumentException($"The key does not fit algorithm {alg} (type, curve, size or private members).", nameof(privateJwk));
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }

    /// <summary>Splits a compact JWS; false for anything that is not one with a JSON object header (with a string alg) and payload.</summary>
    public static bool TryParse(string compact, out ParsedJws jws) => TryParse(compact, MaxLength, out jws);

    public static bool TryParse(string compact, int maxLength, out ParsedJws jws)
    {
        jws = null!;
        if (string.IsNullOrEmpty(compact) || compact.Length > maxLength)
        {
            return false;
        }

        var firstDot = compact.IndexOf('.', StringComparison.Ordinal);
        var lastDot = compact.LastIndexOf('.');
        if (firstDot <= 0 || lastDot == firstDot || compact.IndexOf('.', firstDot + 1) != lastDot)
        {
            return false;
        }

        if (Decode(compact.AsSpan(0, firstDot)) is not { } headerBytes
            || Decode(compact.AsSpan(firstDot + 1, lastDot - firstDot - 1)) is not { Length: > 0 } payloadBytes
            || Decode(compact.AsSpan(lastDot + 1)) is not { } signature
            || ParseObject(headerBytes) is not { } header
            || ParseObject(payloadBytes) is not { } payload)
        {
            return false;
        }

        // We understand no critical header extension, so any "crit" makes the JWS unusable (RFC 7515 §4.1.11).
        if (JsonWebKeyConverter.Text(header, "alg") is not { Length: > 0 } || header.ContainsKey("crit"))
        {
            return false;
        }

        jws = new ParsedJws(header, payload, Encoding.ASCII.GetBytes(compact[..lastDot]), signature);
        return true;
    }

    /// <summary>
    /// True when the signature is valid under <paramref name="publicJwk"/> (a private JWK works too) for
    /// the header's alg, which must be supported, fit the key type and equal the key's own alg if it has one.
    /// </summary>
    public static bool Verify(ParsedJws jws, JsonObject publicJwk)
    {
        ArgumentNullException.ThrowIfNull(jws);
        ArgumentNullException.ThrowIfNull(publicJwk);
        var alg = jws.Algorithm;
        if (!KeyFits(publicJwk, alg))
        {
            return false;
        }

        var hash = HashFor(alg);
        try
        {
            switch (alg[0])
            {
                case 'R':
                case 'P':
                {
                    using var rsa = JsonWebKeyConverter.ToRsa(publicJwk, includePrivate: false);
                    return rsa is not null && rsa.KeySize >= MinRsaBits
                        && rsa.VerifyData(jws.SigningInput, jws.Signature, hash, alg[0] == 'R' ? RSASignaturePadding.Pkcs1 : RSASignaturePadding.Pss);
                }

                case 'E':
                {
                    using var ec = JsonWebKeyConverter.ToECDsa(publicJwk, includePrivate: false);
                    return ec is not null && jws.Signature.Length == 2 * JsonWebKeyConverter.CoordinateSize(CurveFor(alg))
                        && ec.VerifyData(jws.SigningInput, jws.Signature, hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
                }

                default:
                {
                    var key = JsonWebKeyConverter.ToSymmetric(publicJwk);
                    return key is not null && key.Length >= HashBytes(alg)
                        && CryptographicOperations.FixedTimeEquals(Hmac(alg, key, jws.SigningInput), jws.Signature);
                }
            }
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>
    /// True when <paramref name="jwk"/> can serve <paramref name="alg"/>: a supported alg, the key type
    /// (and curve) that alg needs, the key's own alg equal to it if set, and use "sig" if set.
    /// </summary>
    public static bool KeyFits(JsonObject jwk, string alg)
    {
        ArgumentNullException.ThrowIfNull(jwk);
        if (!Algorithms.Contains(alg)
            || (jwk.ContainsKey("alg") && JsonWebKeyConverter.Text(jwk, "alg") != alg)
            || (jwk.ContainsKey("use") && JsonWebKeyConverter.Text(jwk, "use") != "sig"))
        {
            return false;
        }

        return alg[0] switch
        {
            'R' or 'P' => JsonWebKeyConverter.Text(jwk, "kty") == "RSA",
            'E' => JsonWebKeyConverter.Text(jwk, "kty") == "EC" && JsonWebKeyConverter.Text(jwk, "crv") == CurveFor(alg),
            _ => JsonWebKeyConverter.Text(jwk, "kty") == "oct",
        };
    }

    /// <summary>
    /// OpenID Connect's <c>at_hash</c> / <c>c_hash</c>: the left half of the hash of the ASCII value,
    /// base64url, with the hash the signing <paramref name="alg"/> uses.
    /// </summary>
    public static string HalfHash(string value, string alg)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!Algorithms.Contains(alg))
        {
            throw new ArgumentException($"Unsupported alg '{alg}'.", nameof(alg));
        }

        var bytes = Encoding.ASCII.GetBytes(value);
        var digest = HashBytes(alg) switch
        {
            32 => SHA256.HashData(bytes),
            48 => SHA384.HashData(bytes),
            _ => SHA512.HashData(bytes),
        };
        return Base64Url.EncodeToString(digest.AsSpan(0, digest.Length / 2));
    }

    private static byte[]? Compute(string alg, JsonObject jwk, byte[] input)
    {
        if (!KeyFits(jwk, alg))
        {
            return null;
        }

        var hash = HashFor(alg);
        switch (alg[0])
        {
            case 'R':
            case 'P':
            {
                using var rsa = JsonWebKeyConverter.ToRsa(jwk, includePrivate: true);
                return rsa is null || rsa.KeySize < MinRsaBits ? null
                    : rsa.SignData(input, hash, alg[0] == 'R' ? RSASignaturePadding.Pkcs1 : RSASignaturePadding.Pss);
            }

            case 'E':
            {
                using var ec = JsonWebKeyConverter.ToECDsa(jwk, includePrivate: true);
                return ec?.SignData(input, hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
            }

            default:
            {
                var key = JsonWebKeyConverter.ToSymmetric(jwk);
                return key is null || key.Length < HashBytes(alg) ? null : Hmac(alg, key, input);
            }
        }
    }

    private static byte[] JsonBytes(JsonObject value)
    {
        // Relaxed escaping: the JSON is never embedded in HTML, and "+" in a typ should stay "+".
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            value.WriteTo(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static byte[] Hmac(string alg, byte[] key, byte[] input) => HashBytes(alg) switch
    {
        32 => HMACSHA256.HashData(key, input),
        48 => HMACSHA384.HashData(key, input),
        _ => HMACSHA512.HashData(key, input),
    };

    private static int HashBytes(string alg) => alg[^3..] switch
    {
        "256" => 32,
        "384" => 48,
        _ => 64,
    };

    private static HashAlgorithmName HashFor(string alg) => HashBytes(alg) switch
    {
        32 => HashAlgorithmName.SHA256,
        48 => HashAlgorithmName.SHA384,
        _ => HashAlgorithmName.SHA512,
    };

    private static string CurveFor(string alg) => alg switch
    {
        "ES256" => "P-256",
        "ES384" => "P-384",
        _ => "P-521",
    };

    private static byte[]? Decode(ReadOnlySpan<char> part) => Base64UrlText.Decode(part);

    private static JsonObject? ParseObject(byte[] utf8)
    {
        if (!Utf8.IsValid(utf8) || !StringsDecode(utf8))
        {
            return null;
        }

        try
        {
            if (JsonNode.Parse(utf8, documentOptions: StrictJson) is not JsonObject value)
            {
                return null;
            }

            _ = value.Count; // materialises the members now, inside the try
            return value;
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    /// <summary>
    /// True when the JSON is well formed and every name and string decodes (escapes such as a lone
    /// "\ud800" only fail when read, which would otherwise be later, in the caller's hands).
    /// </summary>
    private static bool StringsDecode(byte[] utf8)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = StrictJson.MaxDepth });
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.PropertyName or JsonTokenType.String)
                {
                    _ = reader.GetString();
                }
            }

            return true;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return false;
        }
    }
}
