using System.Net;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Tessera.Platform.Jose;
using Tessera.Proxy.Tests.Http;
using Tessera.Testing;
using static Tessera.Proxy.Tests.Pipeline.Authenticators.SessionStoreAuthenticatorTests;

namespace Tessera.Proxy.Tests.Pipeline.Mutators;

/// <summary>
/// The id_token mutator after the jwt authenticator, through /decisions: the token it sets is checked with
/// Microsoft.IdentityModel against the keys the api listener publishes at /.well-known/jwks.json.
/// </summary>
public sealed class IdTokenMutatorTests : IAsyncLifetime
{
    private const string Claims = """{"aud":["upstream"],"email":"{{ print .Extra.email }}","path":"{{ print .MatchContext.URL.Path }}","sub":"not-this"}""";

    private readonly TempFolder folder = new();
    private readonly JwksServer ruleKeys = new();
    private readonly JsonObject incoming = TestKeys.For("RS256", "incoming");
    private readonly JsonObject ecSigner = TestKeys.For("ES256", "ec-sign");
    private readonly JsonObject rsaSpare = TestKeys.For("RS256", "rsa-spare");
    private readonly JsonObject secret = TestKeys.For("HS256", "secret");
    private readonly JsonObject ruleSigner = TestKeys.For("RS256", "rule-sign");

    private string SigningSet => "file://" + folder.File("signing.json");

    public async Task InitializeAsync()
    {
        // The signing set: a public-only key first (cannot sign), then the EC key that signs, then more keys.
        await File.WriteAllTextAsync(folder.File("signing.json"), new JsonObject
        {
            ["keys"] = new JsonArray(JsonWebKeyGenerator.PublicPart(TestKeys.For("RS256", "public-only")), ecSigner.DeepClone(), rsaSpare.DeepClone(), secret.DeepClone()),
        }.ToJsonString());
        await File.WriteAllTextAsync(folder.File("incoming.json"), new JsonObject { ["keys"] = new JsonArray(JsonWebKeyGenerator.PublicPart(incoming)) }.ToJsonString());
        ruleKeys.Keys = [ruleSigner];
        await ruleKeys.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await ruleKeys.DisposeAsync();
        folder.Dispose();
    }

    private static string Rule(string id, string idTokenConfig = "{}")
        => $$"""{"id":"{{id}}","match":{"url":"http://app.test/{{id}}/<.*>","methods":["GET"]},"authenticators":[{"handler":"jwt"}],"authorizer":{"handler":"allow"},"mutators":[{"handler":"id_token","config":{{idTokenConfig}}}]}""";

    private Dictionary<string, string> Config(bool idToken, params string[] rules)
    {
        var config = ProxyTestRuntime.Repositories(ProxyTestRuntime.Inline("[" + string.Join(",", rules) + "]"));
        config["authenticators.jwt.enabled"] = "true";
        // A loaded test machine can take more than the default second for a first loopback fetch.
        config["authenticators.jwt.config"] = $$"""{"jwks_urls":["file://{{folder.File("incoming.json")}}"],"jwks_max_wait":"20s"}""";
        config["authorizers.allow.enabled"] = "true";
        config["mutators.id_token.enabled"] = idToken ? "true" : "false";
        config["mutators.id_token.config"] = $$"""{"issuer_url":"https://proxy.test/","jwks_url":"{{SigningSet}}","ttl":"1h","claims":{{JsonValue.Create(Claims).ToJsonString()}}}""";
        return config;
    }

    private string Incoming(string subject, string email)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return JsonWebSignature.Sign(new JsonObject { ["sub"] = subject, ["email"] = email, ["iat"] = now, ["exp"] = now + 600 }, incoming);
    }

    private static async Task<string> IdTokenAsync(ProxyHttpServer server, string path, string incomingToken)
    {
        var (status, response) = await DecideAsync(server, "GET", path, ("Authorization", "Bearer " + incomingToken));
        Assert.Equal(HttpStatusCode.OK, status);
        var authorization = Header(response, "Authorization")!;
        Assert.StartsWith("Bearer ", authorization, StringComparison.Ordinal);
        return authorization["Bearer ".Length..];
    }

    private static async Task<JsonArray> PublishedKeysAsync(ProxyHttpServer server)
    {
        var (status, body) = await server.GetAsync(server.ApiUrl + "/.well-known/jwks.json");
        Assert.Equal(200, status);
        return body!["keys"]!.AsArray();
    }

    private static async Task<TokenValidationResult> ValidateAsync(string token, JsonArray published, string audience = "upstream")
        => await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = "https://proxy.test/",
            ValidAudience = audience,
            IssuerSigningKeys = published.Select(k => new JsonWebKey(k!.ToJsonString())).ToList(),
        });

    [Fact]
    public async Task The_token_verifies_against_the_published_keys_and_carries_the_templated_claims()
    {
        await using var server = await ProxyHttpServer.StartAsync(Config(true, Rule("app")));
        var token = await IdTokenAsync(server, "/app/x", Incoming("alice", "alice@example.test"));

        var published = await PublishedKeysAsync(server);
        Assert.Equal(["public-only", "ec-sign", "rsa-spare"], published.Select(k => k!["kid"]!.GetValue<string>()));
        Assert.All(published, k => Assert.False(k!.AsObject().ContainsKey("d"), "no private member is published"));

        var result = await ValidateAsync(token, published);
        Assert.True(result.IsValid, result.Exception?.ToString());
        var jwt = (JsonWebToken)result.SecurityToken;
        Assert.Equal("ec-sign", jwt.Kid);
        Assert.Equal("ES256", jwt.Alg);
        Assert.Equal("alice", jwt.Subject); // the standard claims win over the template's "sub"
        Assert.Equal("alice@example.test", jwt.GetClaim("email").Value);
        Assert.Equal("/app/x", jwt.GetClaim("path").Value);
        Assert.Equal(3600, jwt.GetPayloadValue<long>("exp") - jwt.GetPayloadValue<long>("iat"));
        Assert.Equal(jwt.GetPayloadValue<long>("iat"), jwt.GetPayloadValue<long>("nbf"));
        Assert.False(string.IsNullOrEmpty(jwt.Id));

        // The same subject and claims get the cached token; another subject gets its own.
        Assert.Equal(token, await IdTokenAsync(server, "/app/x", Incoming("alice", "alice@example.test")));
        var bobs = await IdTokenAsync(server, "/app/x", Incoming("bob", "bob@example.test"));
        Assert.NotEqual(token, bobs);
        Assert.Equal("bob", ((JsonWebToken)(await ValidateAsync(bobs, published)).SecurityToken).Subject);

        // Another key (not published) does not verify it.
        Assert.False((await ValidateAsync(token, [JsonWebKeyGenerator.PublicPart(TestKeys.For("ES256", "ec-sign"))])).IsValid);
    }

    [Fact]
    public async Task A_rules_own_jwks_url_signs_with_its_set_and_its_public_keys_are_published_too()
    {
        await using var server = await ProxyHttpServer.StartAsync(Config(true, Rule("app"), Rule("other", $$"""{"jwks_url":"{{ruleKeys.Url("/jwks")}}","claims":"","ttl":"10m"}""")));
        var token = await IdTokenAsync(server, "/other/y", Incoming("carol", "c@example.test"));
        var published = await PublishedKeysAsync(server);
        Assert.Equal(["public-only", "ec-sign", "rsa-spare", "rule-sign"], published.Select(k => k!["kid"]!.GetValue<string>()));
        Assert.All(published, k => Assert.False(k!.AsObject().ContainsKey("d")));

        var handler = new JsonWebTokenHandler();
        var result = await handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = "https://proxy.test/",
            ValidateAudience = false,
            IssuerSigningKeys = published.Select(k => new JsonWebKey(k!.ToJsonString())).ToList(),
        });
        Assert.True(result.IsValid, result.Exception?.ToString());
        var jwt = (JsonWebToken)result.SecurityToken;
        Assert.Equal("rule-sign", jwt.Kid);
        Assert.Equal("RS256", jwt.Alg);
        Assert.Equal(600, jwt.GetPayloadValue<long>("exp") - jwt.GetPayloadValue<long>("iat"));
        Assert.False(jwt.TryGetClaim("email", out _)); // the rule's empty claims template replaces the global one
    }

    [Fact]
    public async Task The_default_ttl_is_15_minutes_and_a_claims_template_that_is_not_an_object_is_a_500()
    {
        var config = Config(true, Rule("app", """{"claims":"[1,2]"}"""), Rule("plain"));
        config["mutators.id_token.config"] = $$"""{"issuer_url":"https://proxy.test/","jwks_url":"{{SigningSet}}"}""";
        await using var server = await ProxyHttpServer.StartAsync(config);
        var token = await IdTokenAsync(server, "/plain/x", Incoming("dave", "d@example.test"));
        var jwt = new JsonWebToken(token);
        Assert.Equal(900, jwt.GetPayloadValue<long>("exp") - jwt.GetPayloadValue<long>("iat"));
        Assert.Equal("https://proxy.test/", jwt.Issuer);

        var (status, _) = await DecideAsync(server, "GET", "/app/x", ("Authorization", "Bearer " + Incoming("dave", "d@example.test")));
        Assert.Equal(HttpStatusCode.InternalServerError, status);
    }

    [Fact]
    public async Task Without_an_id_token_key_set_the_jwks_endpoint_is_empty_and_an_unreadable_one_is_oathkeepers_500()
    {
        await using (var none = await ProxyHttpServer.StartAsync(Config(false, Rule("app"))))
        {
            var (empty, keys) = await none.GetAsync(none.ApiUrl + "/.well-known/jwks.json");
            Assert.Equal(200, empty);
            Assert.Empty(keys!["keys"]!.AsArray());
        }

        var config = Config(true, Rule("app"));
        config["mutators.id_token.config"] = """{"issuer_url":"https://proxy.test/","jwks_url":"file:///nonexistent/tessera-keys.json"}""";
        await using var server = await ProxyHttpServer.StartAsync(config);
        var (status, body) = await server.GetAsync(server.ApiUrl + "/.well-known/jwks.json");
        Assert.Equal(500, status);
        Assert.Equal("None of the provided URLs returned a valid JSON Web Key Set.", body!["error"]!["reason"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"jwks_url":"file:///k.json"}""", "mutators.id_token.config.issuer_url is required")]
    [InlineData("""{"issuer_url":"x"}""", "mutators.id_token.config.jwks_url is required")]
    [InlineData("""{"issuer_url":"x","jwks_url":"ftp://keys.test/k.json"}""", "mutators.id_token.config.jwks_url")]
    [InlineData("""{"issuer_url":"x","jwks_url":"file:///k.json","ttl":"long"}""", "mutators.id_token.config.ttl")]
    [InlineData("""{"issuer_url":"x","jwks_url":"file:///k.json","claims":"{{ .Subject"}""", "mutators.id_token.config.claims is not a valid template")]
    public async Task A_bad_global_config_refuses_to_start_naming_the_key(string global, string expected)
    {
        var config = Config(true, Rule("app"));
        config["mutators.id_token.config"] = global;
        var e = await Assert.ThrowsAnyAsync<Exception>(() => ProxyHttpServer.StartAsync(config));
        Assert.Equal("StartupException", e.GetType().Name);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }
}
