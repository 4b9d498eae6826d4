using Tessera.Testing;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Tessera.Platform.Jose;

namespace Tessera.Platform.Tests.Jose;

/// <summary>Our JWS against Microsoft.IdentityModel's JsonWebTokenHandler, both ways.</summary>
public sealed class JsonWebSignatureInteropTests
{
    public static TheoryData<string> AllAlgorithms() => [.. JsonWebSignature.Algorithms];

    private static JsonWebKey IdentityModelKey(JsonObject jwk) => new(jwk.ToJsonString());

    private static JsonObject VerifyingKey(JsonObject key) => key["kty"]!.GetValue<string>() == "oct" ? key : JsonWebKeyGenerator.PublicPart(key);

    [Theory]
    [MemberData(nameof(AllAlgorithms))]
    public async Task Tokens_we_sign_validate_with_JsonWebTokenHandler(string alg)
    {
        var key = TestKeys.For(alg, "interop");
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var compact = JsonWebSignature.Sign(new JsonObject { ["iss"] = "https://tessera.example", ["aud"] = "api", ["sub"] = "alice", ["iat"] = now, ["exp"] = now + 300 }, key);

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(compact, new TokenValidationParameters
        {
            ValidIssuer = "https://tessera.example",
            ValidAudience = "api",
            IssuerSigningKey = IdentityModelKey(VerifyingKey(key)),
            ValidAlgorithms = [alg],
        });

        Assert.True(result.IsValid, result.Exception?.ToString());
        Assert.Equal("alice", result.Claims["sub"]);
        Assert.Equal("interop", ((JsonWebToken)result.SecurityToken).Kid);
    }

    [Theory]
    [MemberData(nameof(AllAlgorithms))]
    public void Tokens_JsonWebTokenHandler_signs_verify_here(string alg)
    {
        var key = TestKeys.For(alg, "interop");
        var compact = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "https://idp.example",
            Audience = "tessera",
            Claims = new Dictionary<string, object> { ["sub"] = "bob", ["scope"] = "read write" },
            Expires = DateTime.UtcNow.AddMinutes(5),
            SigningCredentials = new SigningCredentials(IdentityModelKey(key), alg),
        });

        Assert.True(JsonWebSignature.TryParse(compact, out var jws));
        Assert.Equal(alg, jws.Algorithm);
        Assert.Equal("bob", jws.Payload["sub"]!.GetValue<string>());
        Assert.True(JsonWebSignature.Verify(jws, VerifyingKey(key)));
        Assert.False(JsonWebSignature.Verify(jws, VerifyingKey(TestKeys.For(alg))));
    }
}
