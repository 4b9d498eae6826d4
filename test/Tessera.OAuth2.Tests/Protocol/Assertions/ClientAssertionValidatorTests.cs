using Tessera.Testing;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Tessera.OAuth2.Clients;
using Tessera.OAuth2.Keys;
using Tessera.OAuth2.Protocol;
using Tessera.OAuth2.Protocol.Assertions;
using Tessera.OAuth2.Storage;
using Tessera.OAuth2.Tests.Keys;
using Tessera.Platform.Persistence;
using Tessera.Platform.Jose;

namespace Tessera.OAuth2.Tests.Protocol.Assertions;

/// <summary>private_key_jwt against a real SQLite jti store and a local Kestrel for jwks_uri.</summary>
public sealed class ClientAssertionValidatorTests : IAsyncLifetime
{
    private const string TokenUrl = "https://tessera.example/oauth2/token";
    private const string ClientId = "client-1";
    private static readonly IReadOnlyList<string> TokenUrls = [TokenUrl, "https://alias.example/oauth2/token"];

    private readonly Tessera.Testing.TempFolder folder = new();
    private readonly ManualTime clock = new(new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly JwksServer jwksServer = new();
    private readonly Tessera.Platform.Outbound.OutboundHttpClient http = TestOutbound.Open();
    private readonly JsonObject rsaKey = TestKeys.For("RS256", "rsa-1");
    private Database database = null!;
    private ClientAssertionValidator validator = null!;

    public async Task InitializeAsync()
    {
        database = Database.Open($"sqlite://{folder.File("db.sqlite")}?_fk=true");
        await new Migrator(database, OAuth2Service.Descriptor.Migrations!).ApplyAsync(CancellationToken.None);
        await jwksServer.StartAsync();
        validator = new ClientAssertionValidator(new JtiStore(database, clock), new RemoteKeySetFetcher(http, clock), clock);
    }

    public async Task DisposeAsync()
    {
        await database.DisposeAsync();
        await jwksServer.DisposeAsync();
        http.Dispose();
        folder.Dispose();
    }

    private static OAuth2Client Client(Action<JsonObject>? edit = null, params JsonObject[] keys)
    {
        var document = new JsonObject
        {
            ["client_id"] = ClientId,
            ["token_endpoint_auth_method"] = "private_key_jwt",
            ["jwks"] = new JsonObject { ["keys"] = new JsonArray(keys.Select(k => (JsonNode?)JsonWebKeyGenerator.PublicPart(k)).ToArray()) },
        };
        edit?.Invoke(document);
        return new OAuth2Client { Id = ClientId, Document = document };
    }

    private string Assertion(JsonObject key, Action<JsonObject>? edit = null)
    {
        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        var claims = new JsonObject
        {
            ["iss"] = ClientId,
            ["sub"] = ClientId,
            ["aud"] = TokenUrl,
            ["exp"] = now + 300,
            ["iat"] = now,
            ["jti"] = Guid.NewGuid().ToString(),
        };
        edit?.Invoke(claims);
        return JsonWebSignature.Sign(claims, key);
    }

    private Task<OAuth2Error?> ValidateAsync(OAuth2Client client, string assertion, string type = ClientAssertionValidator.JwtBearerType)
        => validator.ValidateAsync(client, type, assertion, TokenUrls, CancellationToken.None);

    private static void AssertInvalidClient(OAuth2Error? error, string expected)
    {
        Assert.NotNull(error);
        Assert.Equal("invalid_client", error.Error);
        Assert.Equal(401, error.Status);
        Assert.Contains(expected, error.Description, StringComparison.Ordinal);
    }

    private static string Part(string json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));

    [Fact]
    public async Task A_good_assertion_authenticates_once()
    {
        var client = Client(null, rsaKey);
        var assertion = Assertion(rsaKey);
        Assert.Null(await ValidateAsync(client, assertion));
        AssertInvalidClient(await ValidateAsync(client, assertion), "only be used once");
    }

    [Theory]
    [InlineData("ES256")]
    [InlineData("ES384")]
    [InlineData("ES512")]
    [InlineData("PS256")]
    [InlineData("RS512")]
    public async Task The_clients_signing_alg_is_used(string alg)
    {
        var key = TestKeys.For(alg);
        var client = Client(d => d["token_endpoint_auth_signing_alg"] = alg, key, rsaKey);
        Assert.Null(await ValidateAsync(client, Assertion(key)));
        AssertInvalidClient(await ValidateAsync(client, Assertion(rsaKey)), $"enforces signing algorithm '{alg}'");
    }

    [Fact]
    public async Task Audience_may_be_an_array_naming_any_token_url()
    {
        var client = Client(null, rsaKey);
        Assert.Null(await ValidateAsync(client, Assertion(rsaKey, c => c["aud"] = new JsonArray("https://other.example", "https://alias.example/oauth2/token"))));
    }

    [Fact]
    public async Task The_assertion_type_and_presence_are_request_errors()
    {
        var client = Client(null, rsaKey);
        var error = await ValidateAsync(client, Assertion(rsaKey), "urn:ietf:params:oauth:client-assertion-type:saml2-bearer");
        Assert.Equal("invalid_request", error?.Error);
        Assert.Equal("invalid_request", (await ValidateAsync(client, ""))?.Error);
    }

    [Theory]
    [InlineData("client_secret_basic", "only supports client authentication method 'client_secret_basic'")]
    [InlineData("client_secret_post", "only supports client authentication method 'client_secret_post'")]
    [InlineData("none", "does not support client authentication")]
    [InlineData("client_secret_jwt", "not supported by this server")]
    public async Task Only_private_key_jwt_clients_may_use_assertions(string method, string expected)
        => AssertInvalidClient(await ValidateAsync(Client(d => d["token_endpoint_auth_method"] = method, rsaKey), Assertion(rsaKey)), expected);

    [Theory]
    [InlineData("")]
    [InlineData("not-a-jwt")]
    [InlineData("a.b.c")]
    [InlineData("eyJhbGciOiJSUzI1NiJ9.e30")]
    public async Task Garbage_is_refused(string assertion)
        => AssertInvalidClient(await ValidateAsync(Client(null, rsaKey), assertion.Length == 0 ? "x" : assertion), "not a JSON Web Token");

    [Fact]
    public async Task A_truncated_assertion_is_refused()
    {
        var assertion = Assertion(rsaKey);
        Assert.NotNull(await ValidateAsync(Client(null, rsaKey), assertion[..^10]));
        Assert.NotNull(await ValidateAsync(Client(null, rsaKey), assertion[..assertion.LastIndexOf('.')]));
    }

    public static TheoryData<string, string> BadClaims() => new()
    {
        { "expired", "has expired" },
        { "no-exp", "'exp'" },
        { "nbf-future", "not valid yet" },
        { "wrong-iss", "'iss'" },
        { "no-iss", "'iss'" },
        { "wrong-sub", "'sub'" },
        { "wrong-aud", "'audience'" },
        { "no-aud", "'audience'" },
        { "no-jti", "'jti'" },
        { "exp-string", "malformed" },
        { "aud-number", "malformed" },
    };

    [Theory]
    [MemberData(nameof(BadClaims))]
    public async Task Bad_claims_are_refused(string change, string expected)
    {
        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        var assertion = Assertion(rsaKey, c =>
        {
            switch (change)
            {
                case "expired": c["exp"] = now - 1; break;
                case "no-exp": c.Remove("exp"); break;
                case "nbf-future": c["nbf"] = now + 60; break;
                case "wrong-iss": c["iss"] = "client-2"; break;
                case "no-iss": c.Remove("iss"); break;
                case "wrong-sub": c["sub"] = "client-2"; break;
                case "wrong-aud": c["aud"] = "https://tessera.example/oauth2/auth"; break;
                case "no-aud": c.Remove("aud"); break;
                case "no-jti": c.Remove("jti"); break;
                case "exp-string": c["exp"] = (now + 300).ToString(System.Globalization.CultureInfo.InvariantCulture); break;
                case "aud-number": c["aud"] = 7; break;
            }
        });
        AssertInvalidClient(await ValidateAsync(Client(null, rsaKey), assertion), expected);
    }

    [Fact]
    public async Task A_refused_assertion_does_not_burn_its_jti()
    {
        var client = Client(null, rsaKey);
        Assert.NotNull(await ValidateAsync(client, Assertion(rsaKey, c => { c["jti"] = "same"; c["aud"] = "https://elsewhere.example"; })));
        Assert.Null(await ValidateAsync(client, Assertion(rsaKey, c => c["jti"] = "same")));
        Assert.NotNull(await ValidateAsync(client, Assertion(rsaKey, c => c["jti"] = "same")));
    }

    [Fact]
    public async Task A_jti_can_be_used_again_once_the_first_assertion_expired()
    {
        var client = Client(null, rsaKey);
        Assert.Null(await ValidateAsync(client, Assertion(rsaKey, c => c["jti"] = "again")));
        clock.Advance(TimeSpan.FromMinutes(6));
        Assert.Null(await ValidateAsync(client, Assertion(rsaKey, c => c["jti"] = "again")));
    }

    [Fact]
    public async Task Signatures_by_other_keys_or_with_unknown_kids_get_the_answer_an_unknown_client_gets()
    {
        var impostor = TestKeys.For("RS256", "rsa-1"); // same kid, other key
        Assert.Equal(ClientAuthenticator.Unauthenticated(), await ValidateAsync(Client(null, rsaKey), Assertion(impostor)));
        Assert.Equal(ClientAuthenticator.Unauthenticated(), await ValidateAsync(Client(null, rsaKey), Assertion(TestKeys.For("RS256", "rsa-2"))));
        AssertInvalidClient(await ValidateAsync(Client(d => d.Remove("jwks"), rsaKey), Assertion(rsaKey)), "no JSON Web Keys");
    }

    [Fact]
    public async Task Without_a_kid_every_fitting_key_is_tried()
    {
        var keyless = TestKeys.For("RS256", "x");
        var other = TestKeys.For("RS256", "y");
        var signed = Assertion(keyless);
        var parts = signed.Split('.');
        var header = Part("""{"alg":"RS256","typ":"JWT"}""");
        using var rsa = JsonWebKeyConverter.ToRsa(keyless, includePrivate: true)!;
        var input = header + "." + parts[1];
        var assertion = input + "." + Base64Url.EncodeToString(rsa.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        Assert.Null(await ValidateAsync(Client(null, other, keyless), assertion));
    }

    [Fact]
    public async Task Alg_none_and_hmac_confusion_are_refused()
    {
        var client = Client(null, rsaKey);
        var claims = Part($$"""{"iss":"{{ClientId}}","sub":"{{ClientId}}","aud":"{{TokenUrl}}","exp":{{clock.GetUtcNow().ToUnixTimeSeconds() + 300}},"jti":"n"}""");
        AssertInvalidClient(await ValidateAsync(client, Part("""{"alg":"none"}""") + "." + claims + "."), "signing algorithm 'none'");
        AssertInvalidClient(await ValidateAsync(Client(d => d["token_endpoint_auth_signing_alg"] = "none", rsaKey), Part("""{"alg":"none"}""") + "." + claims + "."), "unsupported signing algorithm 'none'");

        // HS256 keyed with the RSA public key, whether or not the client claims HS256.
        var header = Part("""{"alg":"HS256","kid":"rsa-1"}""");
        var secret = Encoding.UTF8.GetBytes(JsonWebKeyGenerator.PublicPart(rsaKey).ToJsonString());
        var forged = header + "." + claims + "." + Base64Url.EncodeToString(HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(header + "." + claims)));
        AssertInvalidClient(await ValidateAsync(client, forged), "enforces signing algorithm 'RS256'");
        AssertInvalidClient(await ValidateAsync(Client(d => d["token_endpoint_auth_signing_alg"] = "HS256", rsaKey), forged), "client_secret_jwt");
    }

    [Fact]
    public async Task Keys_come_from_jwks_uri_and_a_rotated_kid_is_fetched()
    {
        jwksServer.Keys = [JsonWebKeyGenerator.PublicPart(rsaKey)];
        var client = Client(d => { d.Remove("jwks"); d["jwks_uri"] = jwksServer.Url("/jwks"); });
        Assert.Null(await ValidateAsync(client, Assertion(rsaKey)));

        var rotated = TestKeys.For("RS256", "rsa-2");
        jwksServer.Keys = [JsonWebKeyGenerator.PublicPart(rotated)];
        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Null(await ValidateAsync(client, Assertion(rotated)));
        Assert.Equal(2, jwksServer.Hits);

        var missing = await ValidateAsync(Client(d => { d.Remove("jwks"); d["jwks_uri"] = jwksServer.Url("/missing"); }), Assertion(rsaKey));
        AssertInvalidClient(missing, "could not be loaded: the fetch of jwks_uri failed.");
        Assert.DoesNotContain("404", missing!.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_without_token_urls_is_misconfigured()
    {
        var error = await validator.ValidateAsync(Client(null, rsaKey), ClientAssertionValidator.JwtBearerType, Assertion(rsaKey), [], CancellationToken.None);
        Assert.Equal("server_error", error?.Error);
    }

    [Fact]
    public void The_claimed_client_id_is_the_unverified_sub()
    {
        Assert.Equal(ClientId, ClientAssertionValidator.ClaimedClientId(Assertion(rsaKey)));
        Assert.Null(ClientAssertionValidator.ClaimedClientId("garbage"));
    }
}
