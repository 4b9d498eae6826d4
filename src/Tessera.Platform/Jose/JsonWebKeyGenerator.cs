using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Tessera.Platform.Jose;

/// <summary>
/// Generates JSON Web Keys (RFC 7517/7518) with private members: RS256 (RSA 2048, or 4096), ES256 (P-256),
/// ES512 (P-521) and HS256. EdDSA is not offered: .NET 10 has no Ed25519 in its base library.
/// </summary>
internal static class JsonWebKeyGenerator
{
    public static readonly IReadOnlyList<string> Algorithms = ["RS256", "ES256", "ES512", "HS256"];

    public static JsonObject Generate(string alg, string? kid = null, string use = "sig", int rsaBits = 2048)
    {
        kid ??= Guid.NewGuid().ToString();
        var key = alg switch
        {
            "RS256" => Rsa(rsaBits),
            "ES256" => EllipticCurve(ECCurve.NamedCurves.nistP256, "P-256"),
            "ES512" => EllipticCurve(ECCurve.NamedCurves.nistP521, "P-521"),
            "HS256" => new JsonObject { ["kty"] = "oct", ["k"] = B64(RandomNumberGenerator.GetBytes(32)) },
            _ => throw new ArgumentException($"Unsupported key algorithm '{alg}'; supported: {string.Join(", ", Algorithms)}.", nameof(alg)),
        };
        key["use"] = use;
        key["alg"] = alg;
        key["kid"] = kid;
        return key;
    }

    /// <summary>The key without private members (d, p, q, dp, dq, qi, k): what /.well-known/jwks.json shows.</summary>
    public static JsonObject PublicPart(JsonObject key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key["kty"]?.GetValue<string>() == "oct")
        {
            throw new InvalidOperationException("A symmetric key has no public part.");
        }

        var result = new JsonObject();
        foreach (var (name, value) in key)
        {
            if (name is not ("d" or "p" or "q" or "dp" or "dq" or "qi" or "k" or "oth"))
            {
                result[name] = value?.DeepClone();
            }
        }

        return result;
    }

    private static JsonObject Rsa(int bits)
    {
        using var rsa = RSA.Create(bits);
        var p = rsa.ExportParameters(includePrivateParameters: true);
        return new JsonObject
        {
            ["kty"] = "RSA",
            ["n"] = B64(p.Modulus!),
            ["e"] = B64(p.Exponent!),
            ["d"] = B64(p.D!),
            ["p"] = B64(p.P!),
            ["q"] = B64(p.Q!),
            ["dp"] = B64(p.DP!),
            ["dq"] = B64(p.DQ!),
            ["qi"] = B64(p.InverseQ!),
        };
    }

    private static JsonObject EllipticCurve(ECCurve curve, string name)
    {
        using var ec = ECDsa.Create(curve);
        var p = ec.ExportParameters(includePrivateParameters: true);
        return new JsonObject
        {
            ["kty"] = "EC",
            ["crv"] = name,
            ["x"] = B64(p.Q.X!),
            ["y"] = B64(p.Q.Y!),
            ["d"] = B64(p.D!),
        };
    }

    private static string B64(byte[] bytes) => Base64Url.EncodeToString(bytes);
}
