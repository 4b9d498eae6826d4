using System.Text.Json.Nodes;
using Tessera.OAuth2.Keys;
using Tessera.OAuth2.Protocol;
using Tessera.Platform.Jose;

namespace Tessera.OAuth2.Tests.Protocol.Grants;

public sealed class AssertionGrantTests
{
    private const string TokenUrl = "https://issuer.test/oauth2/token";

    private static JsonObject Assertion(string iss, string sub, DateTimeOffset now, string aud = TokenUrl) => new()
    {
        ["iss"] = iss, ["sub"] = sub, ["aud"] = aud, ["jti"] = Guid.NewGuid().ToString(),
        ["iat"] = now.ToUnixTimeSeconds(), ["exp"] = (now + TimeSpan.FromMinutes(5)).ToUnixTimeSeconds(),
    };

    [Fact]
    public async Task A_private_key_jwt_client_authenticates_with_a_signed_assertion_once()
    {
        await using var test = await OAuth2TestRuntime.StartAsync();
        var key = JsonWebKeyGenerator.Generate("ES256", "client-key");
        await test.AddClientAsync("signer", null, new JsonObject
        {
            ["grant_types"] = new JsonArray("client_credentials"),
            ["scope"] = "read",
            ["token_endpoint_auth_method"] = "private_key_jwt",
            ["token_endpoint_auth_signing_alg"] = "ES256",
            ["jwks"] = new JsonObject { ["keys"] = new JsonArray(JsonWebKeyGenerator.PublicPart(key)) },
        });
        var assertion = JsonWebSignature.Sign(Assertion("signer", "signer", test.Time.GetUtcNow()), key);
        TokenRequest Request() => new(new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["scope"] = "read" },
            new ClientCredentials(AssertionType: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", Assertion: assertion));

        var (response, error) = await test.Runtime.Protocol.Token.HandleAsync(Request(), CancellationToken.None);
        Assert.Null(error);
        Assert.StartsWith("ory_at_", response!.AccessToken, StringComparison.Ordinal);

        var (_, replay) = await test.Runtime.Protocol.Token.HandleAsync(Request(), CancellationToken.None);
        Assert.Equal("invalid_client", replay!.Error);

        var forged = JsonWebSignature.Sign(Assertion("signer", "signer", test.Time.GetUtcNow()), JsonWebKeyGenerator.Generate("ES256", "client-key"));
        var (_, wrongKey) = await test.Runtime.Protocol.Token.HandleAsync(new TokenRequest(new Dictionary<string, string> { ["grant_type"] = "client_credentials" },
            new ClientCredentials(AssertionType: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", Assertion: forged)), CancellationToken.None);
        Assert.Equal("invalid_client", wrongKey!.Error);
    }

    [Fact]
    public async Task A_trusted_issuer_assertion_is_exchanged_for_an_access_token_for_its_subject()
    {
        await using var test = await OAuth2TestRuntime.StartAsync();
        var issuerKey = JsonWebKeyGenerator.Generate("RS256", "issuer-key");
        await test.TrustStore.CreateAsync("https://idp.test", "dave", false, ["read"], JsonWebKeyGenerator.PublicPart(issuerKey), test.Time.GetUtcNow().AddHours(1), CancellationToken.None);
        await test.AddClientAsync("exchanger", "exchanger-secret", new JsonObject
        {
            ["grant_types"] = new JsonArray("urn:ietf:params:oauth:grant-type:jwt-bearer"),
            ["scope"] = "read write",
        });
        var credentials = new ClientCredentials(BasicId: "exchanger", BasicSecret: "exchanger-secret");
        TokenRequest Request(string assertion, string scope) => new(new Dictionary<string, string>
        {
            ["grant_type"] = "urn:ietf:params:oauth:grant-type:jwt-bearer", ["assertion"] = assertion, ["scope"] = scope,
        }, credentials);

        var good = JsonWebSignature.Sign(Assertion("https://idp.test", "dave", test.Time.GetUtcNow()), issuerKey);
        var (response, error) = await test.Runtime.Protocol.Token.HandleAsync(Request(good, "read"), CancellationToken.None);
        Assert.Null(error);
        Assert.Null(response!.RefreshToken);
        Assert.Equal("dave", (await test.Runtime.Protocol.Introspection.IntrospectAsync(response.AccessToken, [], CancellationToken.None))!.Token.Session.Subject);

        var other = JsonWebSignature.Sign(Assertion("https://idp.test", "dave", test.Time.GetUtcNow()), issuerKey);
        Assert.Equal("invalid_scope", (await test.Runtime.Protocol.Token.HandleAsync(Request(other, "write"), CancellationToken.None)).Error!.Error);
        Assert.Equal("invalid_grant", (await test.Runtime.Protocol.Token.HandleAsync(Request(good, "read"), CancellationToken.None)).Error!.Error);
        var stranger = JsonWebSignature.Sign(Assertion("https://idp.test", "erin", test.Time.GetUtcNow()), issuerKey);
        Assert.Equal("invalid_grant", (await test.Runtime.Protocol.Token.HandleAsync(Request(stranger, "read"), CancellationToken.None)).Error!.Error);
    }
}
