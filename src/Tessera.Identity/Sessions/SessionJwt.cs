using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Tessera.Identity.Sessions;

/// <summary>
/// Compact JWS signing (RFC 7515) for the tokenizer with the RFC 7518 algorithms RS*, PS* and ES* over
/// SHA-256/384/512, and the private JWKs (RFC 7517) those keys come in.
/// </summary>
internal static class SessionJwt
{
    /// <summary>The <c>alg</c>s a template's key may carry.</summary>
    public static readonly IReadOnlyList<string> Algorithms = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"];

    public static string Sign(JsonObject claims, TokenizerTemplate template)
    {
        var header = new JsonObject { ["alg"] = template.Algorithm };
        if (template.KeyId is { } kid)
        {
            header["kid"] = kid;
        }

        header["typ"] = "JWT";
        var input = Part(header) + "." + Part(claims);
        var data = Encoding.ASCII.GetBytes(input);
        var hash = template.Algorithm[2..] switch
        {
            "384" => HashAlgorithmName.SHA384,
            "512" => HashAlgorithmName.SHA512,
            _ => HashAlgorithmName.SHA256,
        };
        var signature = template.Key switch
        {
            RSA rsa => rsa.SignData(data, hash, template.Algorithm[0] == 'P' ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1),
            ECDsa ec => ec.SignData(data, hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation),
            _ => throw new InvalidOperationException("The template's key is neither RSA nor EC."),
        };
        return input + "." + Base64Url.EncodeToString(signature);
    }

    /// <summary>
    /// The key of a private JWK whose <c>alg</c> fits its type (RS*/PS* on RSA, ES256/384/512 on P-256/384/521);
    /// null with the reason otherwise.
    /// </summary>
    public static (AsymmetricAlgorithm? Key, string? Problem) PrivateKey(JsonObject jwk)
    {
        var alg = Text(jwk, "alg");
        if (alg is null || !Algorithms.Contains(alg))
        {
            return (null, $"the key's alg '{alg}' is not one of {string.Join(", ", Algorithms)}");
        }

        try
        {
            switch (Text(jwk, "kty"))
            {
                case "RSA" when alg[0] is 'R' or 'P':
                    var rsa = RSA.Create();
                    rsa.ImportParameters(new RSAParameters
                    {
                        Modulus = Bytes(jwk, "n"), Exponent = Bytes(jwk, "e"), D = Bytes(jwk, "d"),
                        P = Bytes(jwk, "p"), Q = Bytes(jwk, "q"), DP = Bytes(jwk, "dp"), DQ = Bytes(jwk, "dq"), InverseQ = Bytes(jwk, "qi"),
                    });
                    return rsa.KeySize < 2048 ? (null, "the RSA key is shorter than 2048 bits") : (rsa, null);
                case "EC" when alg[0] == 'E':
                    var curve = (Text(jwk, "crv"), alg) switch
                    {
                        ("P-256", "ES256") => ECCurve.NamedCurves.nistP256,
                        ("P-384", "ES384") => ECCurve.NamedCurves.nistP384,
                        ("P-521", "ES512") => ECCurve.NamedCurves.nistP521,
                        _ => (ECCurve?)null,
                    };
                    if (curve is null)
                    {
                        return (null, $"the curve '{Text(jwk, "crv")}' does not fit alg {alg}");
                    }

                    var ec = ECDsa.Create();
                    ec.ImportParameters(new ECParameters { Curve = curve.Value, Q = new ECPoint { X = Bytes(jwk, "x"), Y = Bytes(jwk, "y") }, D = Bytes(jwk, "d") });
                    return (ec, null);
                default:
                    return (null, $"the key type '{Text(jwk, "kty")}' does not fit alg {alg}");
            }
        }
        catch (Exception e) when (e is CryptographicException or FormatException or ArgumentException)
        {
            return (null, "the key is not a valid private key");
        }
    }

    /// <summary>True when the JWK carries a private part.</summary>
    public static bool IsPrivate(JsonObject jwk) => Text(jwk, "d") is not null;

    public static string? Text(JsonObject jwk, string name) => jwk[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static byte[]? Bytes(JsonObject jwk, string name) => Text(jwk, name) is { } text ? Base64Url.DecodeFromChars(text) : null;

    private static string Part(JsonObject json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json.ToJsonString()));
}
