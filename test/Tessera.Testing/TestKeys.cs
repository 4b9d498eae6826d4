using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Tessera.Platform.Jose;

namespace Tessera.Testing;

/// <summary>Fresh private JWKs for every JWS algorithm; the generator's keys where it has them.</summary>
public static class TestKeys
{
    public static JsonObject For(string alg, string? kid = null)
    {
        kid ??= Guid.NewGuid().ToString("N");
        JsonObject key = alg switch
        {
            "ES256" or "ES512" or "HS256" => JsonWebKeyGenerator.Generate(alg, kid),
            "RS256" or "RS384" or "RS512" or "PS256" or "PS384" or "PS512" => JsonWebKeyGenerator.Generate("RS256", kid),
            "ES384" => P384(),
            "HS384" => Oct(48),
            "HS512" => Oct(64),
            _ => throw new ArgumentException(alg, nameof(alg)),
        };
        key["alg"] = alg;
        key["kid"] = kid;
        key["use"] = "sig";
        return key;
    }

    private static JsonObject P384()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var p = ec.ExportParameters(true);
        return new JsonObject
        {
            ["kty"] = "EC",
            ["crv"] = "P-384",
            ["x"] = Base64Url.EncodeToString(p.Q.X!),
            ["y"] = Base64Url.EncodeToString(p.Q.Y!),
            ["d"] = Base64Url.EncodeToString(p.D!),
        };
    }

    private static JsonObject Oct(int bytes) => new() { ["kty"] = "oct", ["k"] = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(bytes)) };
}
