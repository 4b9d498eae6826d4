using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Tessera.Platform.Jose;
using Tessera.Proxy.Tests.Http;
using Tessera.Testing;
using static Tessera.Proxy.Tests.Pipeline.Authenticators.SessionStoreAuthenticatorTests;

namespace Tessera.Proxy.Tests.Pipeline.Authenticators;

/// <summary>The jwt authenticator through /decisions, with key sets made here and served by a loopback server (and a file).</summary>
public sealed class JwtAuthenticatorTests : IAsyncLifetime
{
    private const string Issuer = "https://issuer.test";

    private readonly JwksServer keys = new();
    private readonly TempFolder folder = new();
    private readonly JsonObject rsa = TestKeys.For("RS256", "rsa-1");
    private readonly JsonObject ec = TestKeys.For("ES256", "ec-1");
    private readonly JsonObject fileKey = TestKeys.For("RS256", "file-1");

    public async Task InitializeAsync()
    {
        keys.Keys = [rsa, ec];
        await keys.StartAsync();
        await File.WriteAllTextAsync(folder.File("jwks.json"), new JsonObject { ["keys"] = new JsonArray(JsonWebKeyGenerator.PublicPart(fileKey)) }.ToJsonString());
    }

    public async Task DisposeAsync()
    {
        await keys.DisposeAsync();
        folder.Dispose();
    }

    private static string Rule(string id, string authenticators)
        => $$"""{"id":"{{id}}","match":{"url":"http://app.test/{{id}}/<.*>","methods":["GET"]},"authenticators":{{authenticators}},"authorizer":{"handler":"allow"},"mutators":[{"handler":"header"}]}""";

    private static string Jwt(string id, string config = "{}") => Rule(id, $$"""[{"handler":"jwt","config":{{config}}}]""");

    private Dictionary<string, string> Config(params string[] rules)
    {
        var config = ProxyTestRuntime.Repositories(ProxyTestRuntime.Inline("[" + string.Join(",", rules) + "]"));
        config["authenticators.jwt.enabled"] = "true";

        // jwks_max_wait: a loaded test machine can take more than the default second for a first loopback fetch.
        config["authenticators.jwt.config"] = $$"""{"jwks_urls":["{{keys.Url("/jwks")}}","file://{{folder.File("jwks.json")}}"],"trusted_issuers":["{{Issuer}}"],"target_audience":["api"],"jwks_max_wait":"20s"}""";
        config["authenticators.noop.enabled"] = "true";
        config["authorizers.allow.enabled"] = "true";
        config["mutators.header.enabled"] = "true";
        config["mutators.header.config"] = """{"headers":{"X-User":"{{ print .Subject }}","X-Role":"{{ print .Extra.role }}","X-Scp":"{{ range .Extra.scp }}[{{ . }}]{{ end }}","X-Scope":"{{ print .Extra.scope }}"}}""";
        return config;
    }

    private static JsonObject Claims(DateTimeOffset now, Action<JsonObject>? change = null)
    {
        var claims = new JsonObject
        {
            ["sub"] = "alice",
            ["iss"] = Issuer,
            ["aud"] = new JsonArray("api", "other"),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = now.AddHours(1).ToUnixTimeSeconds(),
            ["role"] = "admin",
        };
        change?.Invoke(claims);
        return claims;
    }

    private static Task<(HttpStatusCode Status, HttpResponseMessage Response)> WithToken(ProxyHttpServer server, string path, string token)
        => DecideAsync(server, "GET", path, ("Authorization", "Bearer " + token));

    private static string B64(string text) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(text));

    [Fact]
    public async Task A_good_token_authenticates_with_sub_as_subject_and_the_claims_as_extra()
    {
        await using var server = await ProxyHttpServer.StartAsync(Config(Jwt("app")));
        var now = DateTimeOffset.UtcNow;

        var (status, response) = await WithToken(server, "/app/x", JsonWebSignature.Sign(Claims(now, c => c["scope"] = "photos.read  photos.write"), rsa));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("alice", Header(response, "X-User"));
        Assert.Equal("admin", Header(response, "X-Role"));

        // As Oathkeeper: the scope claim becomes "scp", a list split at every space; "scope" is gone.
        Assert.Equal("[photos.read][][photos.write]", Header(response, "X-Scp"));
        Assert.Equal("", Header(response, "X-Scope") ?? "");

        // A key from the file:// set verifies too; a token without sub authenticates an empty subject.
        (status, response) = await WithToken(server, "/app/x", JsonWebSignature.Sign(Claims(now, c => c.Remove("sub")), fileKey));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("", Header(response, "X-User") ?? "");
    }

    [Fact]
    public async Task Expired_not_yet_valid_and_future_issued_tokens_are_refused_with_401()
    {
        await using var server = await ProxyHttpServer.StartAsync(Config(Jwt("app")));
        var now = DateTimeOffset.UtcNow;
        Assert.Equal(HttpStatusCode.Unauthorized, (await WithToken(server, "/app/x", JsonWebSignature.Sign(Claims(now, c => c["exp"] = now.AddSeconds(-5).ToUnixTimeSeconds()), rsa))).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await WithToken(server, "/app/x", JsonWebSignature.Sign(Claims(now, c => c["nbf"] = now.AddMinutes(5).ToUnixTimeSeconds()), rsa))).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await WithToken(server, "/app/x", JsonWebSignature.Sign(Claims(now, c => c["iat"] = now.AddMinutes(5).ToUnixTimeSeconds()), rsa))).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await WithToken(server, "/app/x", JsonWebSignature.Sign(Claims(now, c => c["exp"] = "tomorrow"), rsa))).Status);

        // No exp at all is accepted, as golang-jwt does unless told otherwise; a past nbf is fine.
        Assert.Equal(HttpStatusCode.OK, (await WithToken(server, "/app/x", JsonWebSignature.Sign(Claims(now, c => { c.Remove("exp"); c["nbf"] = now.AddMinutes(-1).ToUnixTimeSeconds(); }), rsa))).Status);
    }

    [Fact]
    public async Task A_wrong_issuer_or_audience_is_refused_with_401_and_a_reason()
    {
        await using var server = await ProxyHttpServer.StartAsync(Config(Jwt("app"), Jwt("any", """{"trusted_issuers":[],"target_audience":[]}""")));
        var now = DateTimeOffset.UtcNow;
        var wrongIssuer = JsonWebSignature.Sign(Claims(now, c => c["iss"] = "https://evil.test"), rsa);
        var wrongAudience = JsonWebSignature.Sign(Claims(now, c => c["aud"] = "web"), rsa);
        var (status, response) = await WithToken(server, "/app/x", wrongIssuer);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal(401, (int)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["code"]!);
        Assert.Equal(HttpStatusCode.Unauthorized, (await WithToken(server, "/app/x", wrongAudience)).Status);

        // A rule's empty lists replace the global ones: any issuer and audience.
        Assert.Equal(HttpStatusCode.OK, (await WithToken(server, "/any/x", wrongIssuer)).Status);
        Assert.Equal(HttpStatusCode.OK, (await WithToken(server, "/any/x", wrongAudience)).Status);
    }

    [Theory]
    [InlineData("exact", """["photos.read"]""", true)]
    [InlineData("exact", """["photos"]""", false)]
    [InlineData("exact", "\"photos.*\"", false)]
    [InlineData("hierarchic", """["photos"]""", true)]
    [InlineData("hierarchic", """["photo"]""", false)]
    [InlineData("wildcard", "\"openid photos.*\"", true)]
    [InlineData("wildcard", """["photos"]""", false)]
    [InlineData("none", """["photos.read"]""", false)]
    public async Task Required_scope_is_checked_with_each_strategy(string strategy, string granted, bool allowed)
    {
        await using var server = await ProxyHttpServer.StartAsync(Config(Jwt("app", $$"""{"scope_strategy":"{{strategy}}","required_scope":["photos.read"]}""")));
        var token = JsonWebSignature.Sign(Claims(DateTimeOffset.UtcNow, c => c["scp"] = JsonNode.Parse(granted)), rsa);
        Assert.Equal(allowed ? HttpStatusCode.OK : HttpStatusCode.Unauthorized, (await WithToken(server, "/app/x", token)).Status);
    }

    [Fact]
    public async Task Algorithms_not_allowed_none_and_hmac_with_a_public_key_are_refused()
    {
        await using var server = await ProxyHttpServer.StartAsync(Config(Jwt("app"), Jwt("algs", """{"allowed_algorithms":["ES256","HS256","none","RS256"]}""")));
        var now = DateTimeOffset.UtcNow;
        var claims = Claims(now);

        // ES256 is well signed, but only RS256 is allowed by default.
        var es256 = JsonWebSignature.Sign(claims, ec);
        Assert.Equal(HttpStatusCode.Unauthorized, (await WithToken(server, "/app/x", es256)).Status);
        Assert.Equal(HttpStatusCode.OK, (await WithToken(server, "/algs/x", es256)).Status);

        // alg none, even when listed, with and without a kid.
        var payload = B64(claims.ToJsonString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await WithToken(server, "/algs/x", B64("""{"alg":"none","kid":"rsa-1"}""") + "." + payload + ".")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await WithToken(server, "/algs/x", B64("""{"alg":"none"}""") + "." + payload + ".")).Status);

        // HS256 keyed with the RSA key's public material (its JWK text, its modulus): the key is RSA, so never an HMAC secret.
        var publicJwk = JsonWebKeyGenerator.PublicPart(rsa);
        foreach (var secret in new[] { Encoding.UTF8.GetBytes(publicJwk.ToJsonString()), Base64Url.DecodeFromChars(publicJwk["n"]!.GetValue<string>()) })
        {
            var input = B64("""{"alg":"HS256","kid":"rsa-1","typ":"JWT"}""") + "." + payload;
            var forged = input + "." + Base64Url.EncodeToString(HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(input)));
            Assert.Equal(HttpStatusCode.Unauthorized, (await WithToken(server, "/algs/x", forged)).Status);
        }

        // A token without kid, a kid that is not there, and a signature that does not match.
        var noKid = new JsonObject { ["alg"] = "RS256", ["n"] = rsa["n"]!.DeepClone(), ["e"] = rsa["e"]!.DeepClone(), ["d"] = rsa["d"]!.DeepClone(), ["p"] = rsa["p"]!.DeepClone(), ["q"] = rsa["q"]!.DeepClone(), ["dp"] = rsa["dp"]!.DeepClone(), ["dq"] = rsa["dq"]!.DeepClone(), ["qi"] = rsa["qi"]!.DeepClone(), ["kty"] = "RSA" };
        Assert.Equal(HttpStatusCode.Unauthorized, (await WithToken(server, "/app/x", JsonWebSignature.Sign(claims, noKid))).Status);
        var good = JsonWebSignature.Sign(claims, rsa);
        Assert.Equal(HttpStatusCode.OK, (await WithToken(server, "/app/x", good)).Status);
        var otherKey = TestKeys.For("RS256", "rsa-1");
        Assert.Equal(HttpStatusCode.Unauthorized, (await WithToken(server, "/app/x", JsonWebSignature.Sign(claims, otherKey))).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await WithToken(server, "/app/x", good[..good.LastIndexOf('.')] + "." + B64("not the signature"))).Status);
    }

    [Fact]
    public async Task Without_a_token_or_with_one_that_is_not_a_jwt_the_next_authenticator_is_asked()
    {
        await using var server = await ProxyHttpServer.StartAsync(Config(Rule("app", """[{"handler":"jwt"},{"handler":"noop"}]""")));

        // Not responsible: noop lets the request through with no subject.
        Assert.Equal(HttpStatusCode.OK, (await DecideAsync(server, "GET", "/app/x")).Status);
        Assert.Equal(HttpStatusCode.OK, (await WithToken(server, "/app/x", "opaque-token")).Status);
        Assert.Equal(HttpStatusCode.OK, (await WithToken(server, "/app/x", "a.b.c.d")).Status);

        // Three parts make it the jwt authenticator's: a bad one is 401, noop is not asked.
        Assert.Equal(HttpStatusCode.Unauthorized, (await WithToken(server, "/app/x", "a.b.c")).Status);
        var (status, response) = await WithToken(server, "/app/x", JsonWebSignature.Sign(Claims(DateTimeOffset.UtcNow), rsa));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("alice", Header(response, "X-User"));
    }

    [Fact]
    public async Task Token_from_reads_a_query_parameter_or_a_cookie()
    {
        await using var server = await ProxyHttpServer.StartAsync(Config(
            Jwt("query", """{"token_from":{"query_parameter":"jwt"}}"""),
            Jwt("cookie", """{"token_from":{"cookie":"jwt"}}""")));
        var token = JsonWebSignature.Sign(Claims(DateTimeOffset.UtcNow), rsa);
        Assert.Equal(HttpStatusCode.OK, (await DecideAsync(server, "GET", "/query/x?jwt=" + token)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await WithToken(server, "/query/x", token)).Status);
        Assert.Equal(HttpStatusCode.OK, (await DecideAsync(server, "GET", "/cookie/x", ("Cookie", "jwt=" + token))).Status);
    }

    [Fact]
    public async Task An_unknown_kid_fetches_the_sets_again_but_at_most_every_few_seconds()
    {
        var clock = new ManualTime(DateTimeOffset.UtcNow);
        await using var server = await ProxyHttpServer.StartAsync(Config(Jwt("app")), clock);
        Assert.Equal(HttpStatusCode.OK, (await WithToken(server, "/app/x", JsonWebSignature.Sign(Claims(clock.Now), rsa))).Status);
        Assert.Equal(1, keys.Hits);

        // The key server rotates in a new key; a token with its kid arrives at once: the set was fetched a moment ago, so no refetch yet.
        var rotated = TestKeys.For("RS256", "rsa-2");
        keys.Keys = [rsa, ec, rotated];
        Assert.Equal(HttpStatusCode.Unauthorized, (await WithToken(server, "/app/x", JsonWebSignature.Sign(Claims(clock.Now), rotated))).Status);
        Assert.Equal(1, keys.Hits);

        // A few seconds on (the cached set is still within jwks_ttl): the unknown kid makes the set be fetched again.
        clock.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal(HttpStatusCode.OK, (await WithToken(server, "/app/x", JsonWebSignature.Sign(Claims(clock.Now), rotated))).Status);
        Assert.Equal(2, keys.Hits);

        // Known kids are served from the cache; a kid nobody has cannot make us fetch again at once.
        Assert.Equal(HttpStatusCode.OK, (await WithToken(server, "/app/x", JsonWebSignature.Sign(Claims(clock.Now), rsa))).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await WithToken(server, "/app/x", JsonWebSignature.Sign(Claims(clock.Now), TestKeys.For("RS256", "nobody")))).Status);
        Assert.Equal(2, keys.Hits);

        // After jwks_ttl (30s) the set is fetched again.
        clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(HttpStatusCode.OK, (await WithToken(server, "/app/x", JsonWebSignature.Sign(Claims(clock.Now), rsa))).Status);
        Assert.Equal(3, keys.Hits);
    }

    [Theory]
    [InlineData("""{"trusted_issuers":[]}""", "authenticators.jwt.config.jwks_urls is required")]
    [InlineData("""{"jwks_urls":["ftp://keys.test/jwks"]}""", "authenticators.jwt.config.jwks_urls[0]")]
    [InlineData("""{"jwks_urls":["file:///k.json"],"scope_strategy":"fuzzy"}""", "authenticators.jwt.config.scope_strategy")]
    [InlineData("""{"jwks_urls":["file:///k.json"],"jwks_ttl":"soon"}""", "authenticators.jwt.config.jwks_ttl")]
    [InlineData("""{"jwks_urls":["file:///k.json"],"audience":["x"]}""", "authenticators.jwt.config.audience is not a known setting")]
    public async Task A_bad_global_config_refuses_to_start_naming_the_key(string global, string expected)
    {
        var config = Config(Jwt("app"));
        config["authenticators.jwt.config"] = global;
        var e = await Assert.ThrowsAnyAsync<Exception>(() => ProxyHttpServer.StartAsync(config));
        Assert.Equal("StartupException", e.GetType().Name);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }
}
