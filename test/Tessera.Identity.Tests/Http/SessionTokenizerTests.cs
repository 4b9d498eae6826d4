using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Tessera.Platform.Configuration;
using Tessera.Testing;
using static Tessera.Identity.Tests.Http.SessionTestData;

namespace Tessera.Identity.Tests.Http;

public sealed class SessionTokenizerTests
{
    private static string B64(byte[] bytes) => Base64Url.EncodeToString(bytes);

    private static JsonObject RsaJwk(RSA rsa, string kid)
    {
        var p = rsa.ExportParameters(true);
        return new JsonObject
        {
            ["kty"] = "RSA", ["alg"] = "RS256", ["kid"] = kid, ["use"] = "sig", ["n"] = B64(p.Modulus!), ["e"] = B64(p.Exponent!), ["d"] = B64(p.D!),
            ["p"] = B64(p.P!), ["q"] = B64(p.Q!), ["dp"] = B64(p.DP!), ["dq"] = B64(p.DQ!), ["qi"] = B64(p.InverseQ!),
        };
    }

    private static JsonObject EcJwk(ECDsa ec, string kid)
    {
        var p = ec.ExportParameters(true);
        return new JsonObject { ["kty"] = "EC", ["alg"] = "ES256", ["kid"] = kid, ["crv"] = "P-256", ["x"] = B64(p.Q.X!), ["y"] = B64(p.Q.Y!), ["d"] = B64(p.D!) };
    }

    private static (JsonObject Header, JsonObject Claims) Verify(string jwt, Func<byte[], byte[], bool> verify)
    {
        var parts = jwt.Split('.');
        Assert.Equal(3, parts.Length);
        Assert.True(verify(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64Url.DecodeFromChars(parts[2])), "the signature does not verify");
        return (JsonNode.Parse(Base64Url.DecodeFromChars(parts[0]))!.AsObject(), JsonNode.Parse(Base64Url.DecodeFromChars(parts[1]))!.AsObject());
    }

    [Fact]
    public async Task Whoami_tokenizes_the_session_as_a_jwt_signed_with_the_templates_first_private_key()
    {
        using var folder = new TempFolder();
        using var rsa = RSA.Create(2048);
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var publicOnly = new JsonObject { ["kty"] = "EC", ["alg"] = "ES256", ["kid"] = "public", ["crv"] = "P-256", ["x"] = B64(ec.ExportParameters(false).Q.X!), ["y"] = B64(ec.ExportParameters(false).Q.Y!) };
        await File.WriteAllTextAsync(folder.File("rsa.jwks.json"), new JsonObject { ["keys"] = new JsonArray(RsaJwk(rsa, "rsa-1")) }.ToJsonString());
        var ecSet = Convert.ToBase64String(Encoding.UTF8.GetBytes(new JsonObject { ["keys"] = new JsonArray(publicOnly, EcJwk(ec, "ec-1")) }.ToJsonString()));
        await using var server = await IdentityHttpServer.StartAsync(new Dictionary<string, string>
        {
            ["session.whoami.tokenizer.templates"] = $$"""
                {"rsa":{"jwks_url":"file://{{folder.File("rsa.jwks.json")}}","ttl":"10m"},
                 "ec":{"jwks_url":"base64://{{ecSet}}","subject_source":"external_id"} }
                """,
        });
        var alice = await IdentityAsync(server, "alice@example.com", ""","external_id":"ext-alice" """);
        var issued = await IssueAsync(server, alice);
        var now = server.Time.Now.ToUnixTimeSeconds();

        var (status, body, response) = await SendAsync(server, HttpMethod.Get, server.PublicUrl + "/sessions/whoami?tokenize_as=rsa", issued.Token);
        Assert.True(status == 200, body?.ToJsonString());
        var (header, claims) = Verify((string)body!["tokenized"]!, (data, signature) => rsa.VerifyData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        Assert.Equal("RS256", (string)header["alg"]!);
        Assert.Equal("rsa-1", (string)header["kid"]!);
        Assert.Equal((string)alice["id"]!, (string)claims["sub"]!);
        Assert.Equal(issued.Session.Id, (string)claims["sid"]!);
        Assert.Equal("https://id.test/", (string)claims["iss"]!);
        Assert.Equal(now, (long)claims["iat"]!);
        Assert.Equal(now, (long)claims["nbf"]!);
        Assert.Equal(now + 600, (long)claims["exp"]!);
        Assert.True(Guid.TryParse((string)claims["jti"]!, out _));
        Assert.Equal(issued.Session.Id, (string)body["id"]!);

        (status, body, _) = await SendAsync(server, HttpMethod.Get, server.PublicUrl + "/sessions/whoami?tokenize_as=ec", issued.Token);
        Assert.Equal(200, status);
        (header, claims) = Verify((string)body!["tokenized"]!, (data, signature) => ec.VerifyData(data, signature, HashAlgorithmName.SHA256));
        Assert.Equal("ES256", (string)header["alg"]!);
        Assert.Equal("ec-1", (string)header["kid"]!);
        Assert.Equal("ext-alice", (string)claims["sub"]!);
        Assert.Equal(now + 60, (long)claims["exp"]!);

        (status, body, _) = await SendAsync(server, HttpMethod.Get, server.PublicUrl + "/sessions/whoami?tokenize_as=nope", issued.Token);
        Assert.Equal(400, status);
        Assert.Equal("Unable to find tokenizer template \"nope\".", (string)body!["error"]!["reason"]!);

        var bob = await IssueAsync(server, await IdentityAsync(server, "bob@example.com"));
        (status, body, _) = await SendAsync(server, HttpMethod.Get, server.PublicUrl + "/sessions/whoami?tokenize_as=ec", bob.Token);
        Assert.Equal(400, status);
        Assert.Contains("external ID", (string)body!["error"]!["reason"]!);
    }

    [Theory]
    [InlineData("claims_mapper_url", """{"t":{"jwks_url":"base64://e30","claims_mapper_url":"file:///m.jsonnet"}}""", "session.whoami.tokenizer.templates.t.claims_mapper_url")]
    [InlineData("http", """{"t":{"jwks_url":"https://keys.example/jwks.json"}}""", "session.whoami.tokenizer.templates.t.jwks_url")]
    [InlineData("no private key", """{"t":{"jwks_url":"base64://eyJrZXlzIjpbXX0"}}""", "holds no private key")]
    public async Task A_template_that_cannot_sign_stops_the_start_naming_the_key(string what, string templates, string expected)
    {
        var failure = await Assert.ThrowsAsync<ConfigException>(() => IdentityHttpServer.StartAsync(new Dictionary<string, string> { ["session.whoami.tokenizer.templates"] = templates }));
        Assert.True(failure.Message.Contains(expected, StringComparison.Ordinal), $"{what}: {failure.Message}");
    }

    [Fact]
    public async Task A_private_key_whose_alg_does_not_fit_it_stops_the_start()
    {
        using var rsa = RSA.Create(2048);
        var wrong = RsaJwk(rsa, "mislabelled");
        wrong["alg"] = "ES256";
        var set = B64(Encoding.UTF8.GetBytes(new JsonObject { ["keys"] = new JsonArray(wrong) }.ToJsonString()));
        var failure = await Assert.ThrowsAsync<ConfigException>(() => IdentityHttpServer.StartAsync(new Dictionary<string, string>
        {
            ["session.whoami.tokenizer.templates"] = $$$"""{"t":{"jwks_url":"base64://{{{set}}}"}}""",
        }));
        Assert.Contains("session.whoami.tokenizer.templates.t.jwks_url", failure.Message, StringComparison.Ordinal);
        Assert.Contains("does not fit algorithm ES256", failure.Message, StringComparison.Ordinal);
    }
}
