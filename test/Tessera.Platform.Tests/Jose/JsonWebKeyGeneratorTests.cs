using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Tessera.Platform.Jose;

namespace Tessera.Platform.Tests.Jose;

public sealed class JsonWebKeyGeneratorTests
{
    [Theory]
    [InlineData("RS256", "RSA")]
    [InlineData("ES256", "EC")]
    [InlineData("ES512", "EC")]
    [InlineData("HS256", "oct")]
    public void Generates_each_algorithm_with_kid_use_and_alg(string alg, string kty)
    {
        var key = JsonWebKeyGenerator.Generate(alg);
        Assert.Equal(kty, key["kty"]!.GetValue<string>());
        Assert.Equal(alg, key["alg"]!.GetValue<string>());
        Assert.Equal("sig", key["use"]!.GetValue<string>());
        Assert.True(Guid.TryParse(key["kid"]!.GetValue<string>(), out _));
    }

    [Theory]
    [InlineData("RS256")]
    [InlineData("ES256")]
    [InlineData("ES512")]
    public void The_public_part_has_no_private_members_and_verifies_what_the_private_key_signs(string alg)
    {
        var key = JsonWebKeyGenerator.Generate(alg);
        var publicPart = JsonWebKeyGenerator.PublicPart(key);
        foreach (var member in new[] { "d", "p", "q", "dp", "dq", "qi", "k" })
        {
            Assert.False(publicPart.ContainsKey(member), member);
        }

        var data = Encoding.UTF8.GetBytes("payload");
        if (alg == "RS256")
        {
            using var signer = RSA.Create();
            signer.ImportParameters(new RSAParameters
            {
                Modulus = B(key["n"]), Exponent = B(key["e"]), D = B(key["d"]), P = B(key["p"]), Q = B(key["q"]),
                DP = B(key["dp"]), DQ = B(key["dq"]), InverseQ = B(key["qi"]),
            });
            var signature = signer.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var verifier = RSA.Create();
            verifier.ImportParameters(new RSAParameters { Modulus = B(publicPart["n"]), Exponent = B(publicPart["e"]) });
            Assert.True(verifier.VerifyData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        }
        else
        {
            var curve = alg == "ES256" ? ECCurve.NamedCurves.nistP256 : ECCurve.NamedCurves.nistP521;
            using var signer = ECDsa.Create(new ECParameters { Curve = curve, D = B(key["d"]), Q = new ECPoint { X = B(key["x"]), Y = B(key["y"]) } });
            var signature = signer.SignData(data, alg == "ES256" ? HashAlgorithmName.SHA256 : HashAlgorithmName.SHA512);
            using var verifier = ECDsa.Create(new ECParameters { Curve = curve, Q = new ECPoint { X = B(publicPart["x"]), Y = B(publicPart["y"]) } });
            Assert.True(verifier.VerifyData(data, signature, alg == "ES256" ? HashAlgorithmName.SHA256 : HashAlgorithmName.SHA512));
        }
    }

    [Fact]
    public void Unknown_algorithms_are_named_in_the_error()
    {
        var e = Assert.Throws<ArgumentException>(() => JsonWebKeyGenerator.Generate("PS999"));
        Assert.Contains("PS999", e.Message);
    }

    private static byte[] B(System.Text.Json.Nodes.JsonNode? node) => Base64Url.DecodeFromChars(node!.GetValue<string>());
}
