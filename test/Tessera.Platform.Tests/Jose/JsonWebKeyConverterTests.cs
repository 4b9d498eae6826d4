using Tessera.Testing;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Tessera.Platform.Jose;

namespace Tessera.Platform.Tests.Jose;

public sealed class JsonWebKeyConverterTests
{
    [Fact]
    public void Rsa_keys_convert_with_and_without_private_members()
    {
        var jwk = TestKeys.For("RS256");
        using var privateKey = JsonWebKeyConverter.ToRsa(jwk, includePrivate: true)!;
        using var publicKey = JsonWebKeyConverter.ToRsa(JsonWebKeyGenerator.PublicPart(jwk), includePrivate: false)!;
        var signature = privateKey.SignData("x"u8.ToArray(), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        Assert.True(publicKey.VerifyData("x"u8.ToArray(), signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        Assert.Equal(2048, publicKey.KeySize);
        Assert.Null(JsonWebKeyConverter.ToRsa(JsonWebKeyGenerator.PublicPart(jwk), includePrivate: true));
    }

    [Theory]
    [InlineData("ES256")]
    [InlineData("ES384")]
    [InlineData("ES512")]
    public void Ec_keys_convert_on_every_curve(string alg)
    {
        var jwk = TestKeys.For(alg);
        using var privateKey = JsonWebKeyConverter.ToECDsa(jwk, includePrivate: true)!;
        using var publicKey = JsonWebKeyConverter.ToECDsa(JsonWebKeyGenerator.PublicPart(jwk), includePrivate: false)!;
        Assert.True(publicKey.VerifyData("x"u8.ToArray(), privateKey.SignData("x"u8.ToArray(), HashAlgorithmName.SHA256), HashAlgorithmName.SHA256));
    }

    [Fact]
    public void Malformed_keys_give_null()
    {
        var ec = JsonWebKeyGenerator.PublicPart(TestKeys.For("ES256"));
        var offCurve = ec.DeepClone().AsObject();
        offCurve["y"] = offCurve["x"]!.DeepClone();
        Assert.Null(JsonWebKeyConverter.ToECDsa(offCurve, includePrivate: false));
        var wrongCurve = ec.DeepClone().AsObject();
        wrongCurve["crv"] = "P-521";
        Assert.Null(JsonWebKeyConverter.ToECDsa(wrongCurve, includePrivate: false));
        Assert.Null(JsonWebKeyConverter.ToECDsa(new JsonObject { ["kty"] = "EC", ["crv"] = "secp256k1", ["x"] = "AA", ["y"] = "AA" }, false));
        Assert.Null(JsonWebKeyConverter.ToRsa(new JsonObject { ["kty"] = "RSA", ["n"] = "!!", ["e"] = "AQAB" }, false));
        Assert.Null(JsonWebKeyConverter.ToRsa(new JsonObject { ["kty"] = "RSA", ["n"] = 5, ["e"] = "AQAB" }, false));
        Assert.Null(JsonWebKeyConverter.ToRsa(ec, false));
        Assert.Null(JsonWebKeyConverter.ToSymmetric(new JsonObject { ["kty"] = "oct", ["k"] = "" }));
        Assert.Null(JsonWebKeyConverter.ToSymmetric(ec));
    }
}
