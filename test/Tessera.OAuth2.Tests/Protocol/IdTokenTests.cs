using System.Text.Json.Nodes;
using Tessera.OAuth2.Keys;
using Tessera.OAuth2.Tests.Flows;
using Tessera.Platform.Jose;

namespace Tessera.OAuth2.Tests.Protocol;

public sealed class IdTokenTests
{
    [Fact]
    public async Task The_code_exchange_returns_a_signed_id_token_with_the_oidc_claims_and_userinfo_agrees()
    {
        await using var test = await AuthorizeFlowTests.StartAsync();
        var (location, _) = await AuthorizeFlowTests.RunAsync(test, new BrowserDriver(test), false, ("nonce", "nonce-0123456789"));
        var (tokens, error) = await AuthorizeFlowTests.ExchangeAsync(test, BrowserDriver.Query(location)["code"]);
        Assert.Null(error);

        Assert.True(JsonWebSignature.TryParse(tokens!.IdToken!, out var jws));
        var keys = await test.Runtime.Keys.GetSetAsync(KeySetNames.IdToken, CancellationToken.None);
        Assert.True(JsonWebSignature.Verify(jws, JsonWebKeyGenerator.PublicPart(keys[0])));
        Assert.Equal("RS256", jws.Algorithm);
        var claims = jws.Payload;
        Assert.Equal("https://issuer.test/", claims["iss"]!.GetValue<string>());
        Assert.Equal("alice", claims["sub"]!.GetValue<string>());
        Assert.Equal("web", claims["aud"]![0]!.GetValue<string>());
        Assert.Equal("nonce-0123456789", claims["nonce"]!.GetValue<string>());
        Assert.Equal(JsonWebSignature.HalfHash(tokens.AccessToken, "RS256"), claims["at_hash"]!.GetValue<string>());
        Assert.Equal("1", claims["acr"]!.GetValue<string>());
        Assert.NotNull(claims["sid"]);
        Assert.NotNull(claims["auth_time"]);
        Assert.True(claims["exp"]!.GetValue<long>() > claims["iat"]!.GetValue<long>());

        var (userinfo, jwt, problem) = await test.Runtime.Protocol.Userinfo.GetAsync(tokens.AccessToken, CancellationToken.None);
        Assert.Null(problem);
        Assert.Null(jwt);
        Assert.Equal("alice", userinfo!["sub"]!.GetValue<string>());
        Assert.Null(userinfo["nonce"]);

        var (_, _, refused) = await test.Runtime.Protocol.Userinfo.GetAsync(tokens.RefreshToken, CancellationToken.None);
        Assert.NotNull(refused);
    }

    [Fact]
    public async Task Pairwise_clients_see_a_stable_per_sector_subject()
    {
        await using var test = await OAuth2TestRuntime.StartAsync(new Dictionary<string, string> { ["oidc.subject_identifiers.supported_types"] = "[\"public\",\"pairwise\"]", ["oidc.subject_identifiers.pairwise.salt"] = "some-salt-value" });
        var client = await test.AddClientAsync("pw", null, new JsonObject { ["subject_type"] = "pairwise", ["redirect_uris"] = new JsonArray("https://rp.test/cb") });
        var first = Tessera.OAuth2.Protocol.SubjectIdentifiers.ForClient(client, "alice", "some-salt-value");
        Assert.NotEqual("alice", first);
        Assert.Equal(64, first.Length);
        Assert.Equal(first, Tessera.OAuth2.Protocol.SubjectIdentifiers.ForClient(client, "alice", "some-salt-value"));
        Assert.NotEqual(first, Tessera.OAuth2.Protocol.SubjectIdentifiers.ForClient(client, "bob", "some-salt-value"));
    }
}
