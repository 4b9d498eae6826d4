using Tessera.Testing;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Tessera.Platform.Jose;

namespace Tessera.Platform.Tests.Jose;

public sealed class JsonWebSignatureTests
{
    public static TheoryData<string> AllAlgorithms() => [.. JsonWebSignature.Algorithms];

    private static JsonObject Claims() => new() { ["iss"] = "https://issuer.example", ["sub"] = "alice", ["n"] = 42, ["ü"] = "ß" };

    private static JsonObject VerifyingKey(JsonObject key) => key["kty"]!.GetValue<string>() == "oct" ? key : JsonWebKeyGenerator.PublicPart(key);

    private static ParsedJws Parse(string compact)
    {
        Assert.True(JsonWebSignature.TryParse(compact, out var jws), compact);
        return jws;
    }

    private static string Part(string json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));

    [Theory]
    [MemberData(nameof(AllAlgorithms))]
    public void Signs_and_verifies_with_every_algorithm(string alg)
    {
        var key = TestKeys.For(alg, "kid-1");
        var compact = JsonWebSignature.Sign(Claims(), key);
        var jws = Parse(compact);
        Assert.Equal(alg, jws.Algorithm);
        Assert.Equal("kid-1", jws.KeyId);
        Assert.Equal("JWT", jws.Type);
        Assert.Equal("ß", jws.Payload["ü"]!.GetValue<string>());
        Assert.True(JsonWebSignature.Verify(jws, VerifyingKey(key)));
        Assert.False(JsonWebSignature.Verify(jws, VerifyingKey(TestKeys.For(alg))), "another key of the same kind");
    }

    [Theory]
    [MemberData(nameof(AllAlgorithms))]
    public void A_changed_payload_or_signature_fails(string alg)
    {
        var key = TestKeys.For(alg);
        var compact = JsonWebSignature.Sign(Claims(), key);
        var parts = compact.Split('.');
        var forged = parts[0] + "." + Part("{\"iss\":\"https://issuer.example\",\"sub\":\"mallory\"}") + "." + parts[2];
        Assert.False(JsonWebSignature.Verify(Parse(forged), VerifyingKey(key)));

        var signature = Base64Url.DecodeFromChars(parts[2]);
        signature[^1] ^= 1;
        Assert.False(JsonWebSignature.Verify(Parse(parts[0] + "." + parts[1] + "." + Base64Url.EncodeToString(signature)), VerifyingKey(key)));

        var truncated = compact[..^4];
        Assert.False(JsonWebSignature.TryParse(truncated, out var cut) && JsonWebSignature.Verify(cut, VerifyingKey(key)));
    }

    [Fact]
    public void The_header_carries_alg_kid_and_typ()
    {
        var compact = JsonWebSignature.Sign(Claims(), TestKeys.For("ES256", "k9"), typ: "client-authentication+jwt");
        var header = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(compact.Split('.')[0]));
        Assert.Equal("""{"alg":"ES256","kid":"k9","typ":"client-authentication+jwt"}""", header);
    }

    [Fact]
    public void Alg_none_never_verifies()
    {
        var key = TestKeys.For("HS256");
        var unsigned = Part("""{"alg":"none","typ":"JWT"}""") + "." + Part("""{"sub":"alice"}""") + ".";
        var jws = Parse(unsigned);
        Assert.False(JsonWebSignature.Verify(jws, key));
        Assert.False(JsonWebSignature.Verify(jws, new JsonObject { ["kty"] = "oct", ["k"] = "", ["alg"] = "none" }));
        Assert.False(JsonWebSignature.Verify(Parse(Part("""{"alg":"None"}""") + "." + Part("""{"sub":"alice"}""") + "."), key));
    }

    [Fact]
    public void Hmac_signed_with_an_rsa_public_key_as_secret_is_refused()
    {
        var rsa = TestKeys.For("RS256");
        var publicKey = JsonWebKeyGenerator.PublicPart(rsa);
        var header = Part("""{"alg":"HS256","kid":"x"}""");
        var payload = Part("""{"sub":"admin"}""");
        var input = Encoding.ASCII.GetBytes(header + "." + payload);
        foreach (var secret in new[] { Encoding.UTF8.GetBytes(publicKey.ToJsonString()), Base64Url.DecodeFromChars(publicKey["n"]!.GetValue<string>()) })
        {
            var forged = header + "." + payload + "." + Base64Url.EncodeToString(HMACSHA256.HashData(secret, input));
            Assert.False(JsonWebSignature.Verify(Parse(forged), publicKey));
            var withoutAlg = publicKey.DeepClone().AsObject();
            withoutAlg.Remove("alg");
            Assert.False(JsonWebSignature.Verify(Parse(forged), withoutAlg));
        }
    }

    [Fact]
    public void The_header_alg_must_match_the_keys_own_alg_and_curve()
    {
        var key = TestKeys.For("RS256");
        var asRs512 = key.DeepClone().AsObject();
        asRs512["alg"] = "RS512";
        var jws = Parse(JsonWebSignature.Sign(Claims(), asRs512));
        Assert.False(JsonWebSignature.Verify(jws, JsonWebKeyGenerator.PublicPart(key)), "the key says RS256");
        var noAlg = JsonWebKeyGenerator.PublicPart(key);
        noAlg.Remove("alg");
        Assert.True(JsonWebSignature.Verify(jws, noAlg));

        var pss = TestKeys.For("PS256");
        var ps = Parse(JsonWebSignature.Sign(Claims(), pss));
        var psAsRs = JsonWebKeyGenerator.PublicPart(pss);
        psAsRs["alg"] = "RS256";
        Assert.False(JsonWebSignature.Verify(ps, psAsRs));

        // An ES256 header over a P-521 key (with no alg of its own) does not verify.
        var p521 = TestKeys.For("ES512");
        var es = Parse(JsonWebSignature.Sign(Claims(), p521));
        var relabelled = Parse(Part("""{"alg":"ES256"}""") + "." + Part(es.Payload.ToJsonString()) + "." + Base64Url.EncodeToString(es.Signature));
        var p521NoAlg = JsonWebKeyGenerator.PublicPart(p521);
        p521NoAlg.Remove("alg");
        Assert.False(JsonWebSignature.Verify(relabelled, p521NoAlg));
    }

    [Fact]
    public void Keys_not_for_signing_or_too_weak_are_refused()
    {
        var key = TestKeys.For("ES256");
        var jws = Parse(JsonWebSignature.Sign(Claims(), key));
        var encryption = JsonWebKeyGenerator.PublicPart(key);
        encryption["use"] = "enc";
        Assert.False(JsonWebSignature.Verify(jws, encryption));

        var shortSecret = new JsonObject { ["kty"] = "oct", ["alg"] = "HS256", ["k"] = Base64Url.EncodeToString(new byte[16]) };
        Assert.Throws<ArgumentException>(() => JsonWebSignature.Sign(Claims(), shortSecret));
        var input = Part("""{"alg":"HS256"}""") + "." + Part("{}");
        var weak = input + "." + Base64Url.EncodeToString(HMACSHA256.HashData(new byte[16], Encoding.ASCII.GetBytes(input)));
        Assert.False(JsonWebSignature.Verify(Parse(weak), shortSecret));

        using var small = RSA.Create(1024);
        var p = small.ExportParameters(true);
        var rsa1024 = new JsonObject
        {
            ["kty"] = "RSA", ["alg"] = "RS256", ["n"] = Base64Url.EncodeToString(p.Modulus!), ["e"] = Base64Url.EncodeToString(p.Exponent!),
            ["d"] = Base64Url.EncodeToString(p.D!), ["p"] = Base64Url.EncodeToString(p.P!), ["q"] = Base64Url.EncodeToString(p.Q!),
            ["dp"] = Base64Url.EncodeToString(p.DP!), ["dq"] = Base64Url.EncodeToString(p.DQ!), ["qi"] = Base64Url.EncodeToString(p.InverseQ!),
        };
        Assert.Throws<ArgumentException>(() => JsonWebSignature.Sign(Claims(), rsa1024));
        var rsaInput = Part("""{"alg":"RS256"}""") + "." + Part("{}");
        var signed = rsaInput + "." + Base64Url.EncodeToString(small.SignData(Encoding.ASCII.GetBytes(rsaInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        Assert.False(JsonWebSignature.Verify(Parse(signed), rsa1024));
    }

    [Fact]
    public void Signing_needs_a_supported_alg_and_private_members()
    {
        Assert.Throws<ArgumentException>(() => JsonWebSignature.Sign(Claims(), new JsonObject { ["kty"] = "oct", ["k"] = "AAAA" }));
        Assert.Throws<ArgumentException>(() => JsonWebSignature.Sign(Claims(), new JsonObject { ["kty"] = "oct", ["k"] = "AAAA", ["alg"] = "none" }));
        Assert.Throws<ArgumentException>(() => JsonWebSignature.Sign(Claims(), JsonWebKeyGenerator.PublicPart(TestKeys.For("RS256"))));
        Assert.Throws<ArgumentException>(() => JsonWebSignature.Sign(Claims(), JsonWebKeyGenerator.PublicPart(TestKeys.For("ES256"))));
        var wrongType = TestKeys.For("ES256");
        wrongType["alg"] = "RS256";
        Assert.Throws<ArgumentException>(() => JsonWebSignature.Sign(Claims(), wrongType));
    }

    public static TheoryData<string> Garbage()
    {
        var body = Part("""{"sub":"a"}""");
        var sig = Base64Url.EncodeToString(new byte[32]);
        return
        [
            "",
            "abc",
            "a.b",
            ".....",
            Part("""{"alg":"HS256"}""") + "." + body,
            Part("""{"alg":"HS256"}""") + "." + body + "." + sig + ".x.y",
            "." + body + "." + sig,
            Part("""{"alg":"HS256"}""") + ".." + sig,
            Part("""{"alg":"HS256"}""") + "." + body + "=." + sig,
            Part("""{"alg":"HS256"}""") + "." + body + "." + sig + "==",
            Part("""{"alg":"HS256"}""") + " ." + body + "." + sig,
            "!!!." + body + "." + sig,
            Part("[1,2]") + "." + body + "." + sig,
            Part("""{"alg":"HS256"}""") + "." + Part("[1]") + "." + sig,
            Part("""{"alg":"HS256"}""") + "." + Part("\"text\"") + "." + sig,
            Part("""{"alg":"HS256"}""") + "." + Part("{not json") + "." + sig,
            Part("""{"typ":"JWT"}""") + "." + body + "." + sig,
            Part("""{"alg":256}""") + "." + body + "." + sig,
            Part("""{"alg":""}""") + "." + body + "." + sig,
            Part("""{"alg":"HS256","alg":"none"}""") + "." + body + "." + sig,
            Part("""{"alg":"HS256"}""") + "." + Part("""{"sub":"a","sub":"b"}""") + "." + sig,
            Part("""{"alg":"HS256","crit":["exp"],"exp":1}""") + "." + body + "." + sig,
            Part("""{"alg":"HS256"}""") + "." + Part(new string('[', 100) + new string(']', 100)) + "." + sig,
            Part("""{"alg":"HS256"}""") + "." + Part("{\"a\":" + new string('[', 100) + new string(']', 100) + "}") + "." + sig,
            Part("""{"alg":"HS256"}""") + "." + body + "." + "a",
            "\u00e9\u00e9." + body + "." + sig,
        ];
    }

    [Theory]
    [MemberData(nameof(Garbage))]
    public void Garbage_does_not_parse(string compact)
        => Assert.False(JsonWebSignature.TryParse(compact, out _));

    [Fact]
    public void Oversized_input_does_not_parse()
    {
        var key = TestKeys.For("HS256");
        var big = JsonWebSignature.Sign(new JsonObject { ["pad"] = new string('x', JsonWebSignature.MaxLength) }, key);
        Assert.False(JsonWebSignature.TryParse(big, out _));
        Assert.True(JsonWebSignature.TryParse(big, big.Length, out var jws));
        Assert.True(JsonWebSignature.Verify(jws, key));
    }

    [Fact]
    public void Random_bytes_never_throw()
    {
        var random = new Random(7);
        var key = TestKeys.For("RS256");
        var publicKey = JsonWebKeyGenerator.PublicPart(key);
        var good = JsonWebSignature.Sign(Claims(), key);
        for (var i = 0; i < 2000; i++)
        {
            var chars = good.ToCharArray();
            for (var flips = random.Next(1, 4); flips > 0; flips--)
            {
                chars[random.Next(chars.Length)] = (char)random.Next(32, 127);
            }

            var mutated = new string(chars);
            if (JsonWebSignature.TryParse(mutated, out var jws) && mutated != good)
            {
                Assert.False(JsonWebSignature.Verify(jws, publicKey), mutated);
            }
        }
    }

    [Fact]
    public void Half_hash_matches_the_openid_connect_examples()
    {
        // OpenID Connect Core 1.0, appendix A.3 (at_hash) and A.4 (c_hash), both RS256.
        Assert.Equal("77QmUPtjPfzWtF2AnpK9RQ", JsonWebSignature.HalfHash("jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y", "RS256"));
        Assert.Equal("LDktKdoQak3Pk0cnXxCltA", JsonWebSignature.HalfHash("Qcb0Orv1zh30vL1MPRsbm-diHiMwcLyZvn1arpZv-Jxf_11jnpEX3Tgfvk", "RS256"));
    }

    [Theory]
    [InlineData("ES384", 48)]
    [InlineData("PS512", 64)]
    [InlineData("HS256", 32)]
    public void Half_hash_uses_the_algorithms_hash(string alg, int hashBytes)
    {
        var digest = hashBytes switch { 32 => SHA256.HashData("abc"u8), 48 => SHA384.HashData("abc"u8), _ => SHA512.HashData("abc"u8) };
        Assert.Equal(Base64Url.EncodeToString(digest.AsSpan(0, hashBytes / 2)), JsonWebSignature.HalfHash("abc", alg));
        Assert.Throws<ArgumentException>(() => JsonWebSignature.HalfHash("abc", "none"));
    }
}
