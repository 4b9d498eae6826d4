using Tessera.Testing;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Tessera.OAuth2.Keys;
using Tessera.OAuth2.Protocol.Assertions;
using Tessera.OAuth2.Storage;
using Tessera.OAuth2.Tests.Keys;
using Tessera.Platform.Configuration;
using Tessera.Platform.Crypto;
using Tessera.Platform.Persistence;
using Tessera.Platform.Jose;

namespace Tessera.OAuth2.Tests.Protocol.Assertions;

/// <summary>The RFC 7523 grant checks against real trust, key and jti stores on SQLite.</summary>
public sealed class JwtBearerGrantValidatorTests : IAsyncLifetime
{
    private const string Issuer = "https://idp.example";
    private const string TokenUrl = "https://tessera.example/oauth2/token";
    private static readonly IReadOnlyList<string> TokenUrls = [TokenUrl];

    private readonly Tessera.Testing.TempFolder folder = new();
    private readonly ManualTime clock = new(new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly JsonObject key = TestKeys.For("RS256", "idp-1");
    private Database database = null!;
    private TrustStore trust = null!;
    private KeyStore keys = null!;
    private JtiStore jtis = null!;
    private JwtBearerOptions options = JwtBearerOptions.Default;
    private string grantId = "";

    public async Task InitializeAsync()
    {
        database = Database.Open($"sqlite://{folder.File("db.sqlite")}?_fk=true");
        await new Migrator(database, OAuth2Service.Descriptor.Migrations!).ApplyAsync(CancellationToken.None);
        keys = new KeyStore(database, new SecretBox(new SecretKeys(["system-secret-0123456789"])), clock);
        trust = new TrustStore(database, keys, clock);
        jtis = new JtiStore(database, clock);
        var grant = await trust.CreateAsync(Issuer, "alice", false, ["read", "write"], JsonWebKeyGenerator.PublicPart(key), clock.Now.AddDays(30), CancellationToken.None);
        grantId = grant!.Id;
    }

    public async Task DisposeAsync()
    {
        await database.DisposeAsync();
        folder.Dispose();
    }

    private JwtBearerGrantValidator Validator() => new(trust, keys, jtis, clock, () => options);

    private string Assertion(JsonObject signingKey, Action<JsonObject>? edit = null)
    {
        var now = clock.Now.ToUnixTimeSeconds();
        var claims = new JsonObject
        {
            ["iss"] = Issuer,
            ["sub"] = "alice",
            ["aud"] = new JsonArray(TokenUrl, "https://api.example"),
            ["exp"] = now + 600,
            ["iat"] = now,
            ["jti"] = Guid.NewGuid().ToString(),
        };
        edit?.Invoke(claims);
        return JsonWebSignature.Sign(claims, signingKey);
    }

    private Task<JwtBearerResult> ValidateAsync(string assertion, params string[] scopes)
        => Validator().ValidateAsync(assertion, scopes, TokenUrls, CancellationToken.None);

    private static void AssertFails(JwtBearerResult result, string expected, string error = "invalid_grant")
    {
        Assert.False(result.IsValid);
        Assert.Equal(error, result.Error!.Error);
        Assert.Contains(expected, result.Error.Description, StringComparison.Ordinal);
    }

    private static string Part(string json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));

    [Fact]
    public async Task A_good_assertion_gives_issuer_subject_and_expiry_once()
    {
        var assertion = Assertion(key);
        var result = await ValidateAsync(assertion, "read");
        Assert.True(result.IsValid, result.Error?.Description);
        Assert.Equal(Issuer, result.Issuer);
        Assert.Equal("alice", result.Subject);
        Assert.Equal(clock.Now.AddMinutes(10), result.ExpiresAt);
        Assert.Equal(grantId, result.GrantId);
        Assert.Empty(result.Audience);

        AssertFails(await ValidateAsync(assertion, "read"), "used before");
    }

    [Fact]
    public async Task The_assertion_audience_is_granted_only_when_not_omitted()
    {
        options = options with { OmitAssertionAudience = false };
        var result = await ValidateAsync(Assertion(key));
        Assert.Equal([TokenUrl, "https://api.example"], result.Audience);
    }

    [Fact]
    public async Task Scopes_outside_the_grant_are_invalid_scope()
    {
        Assert.True((await ValidateAsync(Assertion(key), "read", "write")).IsValid);
        AssertFails(await ValidateAsync(Assertion(key), "read", "admin"), "scope \"admin\"", "invalid_scope");
        options = options with { ScopeAllowed = (granted, requested) => granted.Any(g => requested.StartsWith(g, StringComparison.Ordinal)) };
        Assert.True((await ValidateAsync(Assertion(key), "read.all")).IsValid);
    }

    public static TheoryData<string, string> BadClaims() => new()
    {
        { "no-iss", "\"iss\"" },
        { "no-sub", "\"sub\"" },
        { "unknown-iss", "No public JWK was registered for issuer \"https://evil.example\"" },
        { "other-sub", "subject \"bob\"" },
        { "no-aud", "\"aud\" (audience) claim." },
        { "wrong-aud", "identifies the authorization server" },
        { "no-exp", "\"exp\"" },
        { "expired", "expired" },
        { "nbf-future", "\"nbf\"" },
        { "no-iat", "\"iat\"" },
        { "too-long", "unreasonably far in the future" },
        { "no-jti", "\"jti\"" },
        { "iat-string", "malformed" },
    };

    [Theory]
    [MemberData(nameof(BadClaims))]
    public async Task Bad_claims_are_invalid_grant(string change, string expected)
    {
        var now = clock.Now.ToUnixTimeSeconds();
        var assertion = Assertion(key, c =>
        {
            switch (change)
            {
                case "no-iss": c.Remove("iss"); break;
                case "no-sub": c.Remove("sub"); break;
                case "unknown-iss": c["iss"] = "https://evil.example"; break;
                case "other-sub": c["sub"] = "bob"; break;
                case "no-aud": c.Remove("aud"); break;
                case "wrong-aud": c["aud"] = "https://api.example"; break;
                case "no-exp": c.Remove("exp"); break;
                case "expired": c["exp"] = now; break;
                case "nbf-future": c["nbf"] = now + 30; break;
                case "no-iat": c.Remove("iat"); break;
                case "too-long": c["exp"] = now + (long)TimeSpan.FromHours(721).TotalSeconds; break;
                case "no-jti": c.Remove("jti"); break;
                case "iat-string": c["iat"] = "yesterday"; break;
            }
        });
        AssertFails(await ValidateAsync(assertion), expected);
    }

    [Fact]
    public async Task Optional_iat_and_jti_follow_the_options()
    {
        options = options with { IatOptional = true, JtiOptional = true, MaxTtl = TimeSpan.FromHours(1) };
        var noJti = Assertion(key, c => { c.Remove("iat"); c.Remove("jti"); });
        Assert.True((await ValidateAsync(noJti)).IsValid);
        Assert.True((await ValidateAsync(noJti)).IsValid, "without a jti there is nothing to keep single-use");

        var withJti = Assertion(key, c => c.Remove("iat"));
        Assert.True((await ValidateAsync(withJti)).IsValid);
        AssertFails(await ValidateAsync(withJti), "used before");

        // Without iat the max TTL counts from now.
        AssertFails(await ValidateAsync(Assertion(key, c => { c.Remove("iat"); c["exp"] = clock.Now.AddMinutes(61).ToUnixTimeSeconds(); })), "unreasonably far");
        Assert.True((await ValidateAsync(Assertion(key, c => { c["iat"] = clock.Now.AddMinutes(-30).ToUnixTimeSeconds(); c["exp"] = clock.Now.AddMinutes(30).ToUnixTimeSeconds(); }))).IsValid);
    }

    [Fact]
    public async Task A_refused_assertion_does_not_burn_its_jti()
    {
        AssertFails(await ValidateAsync(Assertion(key, c => c["jti"] = "j"), "admin"), "scope", "invalid_scope");
        Assert.True((await ValidateAsync(Assertion(key, c => c["jti"] = "j"), "read")).IsValid);
        AssertFails(await ValidateAsync(Assertion(key, c => c["jti"] = "j"), "read"), "used before");
    }

    [Fact]
    public async Task Any_subject_grants_admit_every_subject_of_the_issuer()
    {
        var anyKey = TestKeys.For("ES256", "idp-any");
        await trust.CreateAsync(Issuer, "", true, ["read"], JsonWebKeyGenerator.PublicPart(anyKey), clock.Now.AddDays(1), CancellationToken.None);
        var result = await ValidateAsync(Assertion(anyKey, c => c["sub"] = "carol"), "read");
        Assert.True(result.IsValid, result.Error?.Description);
        Assert.Equal("carol", result.Subject);
        AssertFails(await ValidateAsync(Assertion(key, c => c["sub"] = "carol")), "No public JWK");
    }

    [Fact]
    public async Task An_expired_trust_admits_nothing()
    {
        clock.Advance(TimeSpan.FromDays(31));
        AssertFails(await ValidateAsync(Assertion(key)), "No public JWK");
    }

    [Fact]
    public async Task Only_the_trusted_key_verifies()
    {
        AssertFails(await ValidateAsync(Assertion(TestKeys.For("RS256", "idp-1"))), "No public JWK");
        AssertFails(await ValidateAsync(Assertion(TestKeys.For("RS256", "idp-2"))), "No public JWK");

        // No kid in the header: the issuer's trusted keys are tried.
        var claims = Part($$"""{"iss":"{{Issuer}}","sub":"alice","aud":"{{TokenUrl}}","exp":{{clock.Now.AddMinutes(5).ToUnixTimeSeconds()}},"iat":{{clock.Now.ToUnixTimeSeconds()}},"jti":"nokid"}""");
        var input = Part("""{"alg":"RS256"}""") + "." + claims;
        using var rsa = JsonWebKeyConverter.ToRsa(key, includePrivate: true)!;
        var assertion = input + "." + Base64Url.EncodeToString(rsa.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        Assert.True((await ValidateAsync(assertion)).IsValid);
    }

    [Fact]
    public async Task Alg_none_hmac_confusion_and_garbage_are_refused()
    {
        var claims = Part($$"""{"iss":"{{Issuer}}","sub":"alice","aud":"{{TokenUrl}}","exp":{{clock.Now.AddMinutes(5).ToUnixTimeSeconds()}},"iat":{{clock.Now.ToUnixTimeSeconds()}},"jti":"x"}""");
        AssertFails(await ValidateAsync(Part("""{"alg":"none","kid":"idp-1"}""") + "." + claims + "."), "No public JWK");

        var header = Part("""{"alg":"HS256","kid":"idp-1"}""");
        var publicKey = JsonWebKeyGenerator.PublicPart(key);
        foreach (var secret in new[] { Encoding.UTF8.GetBytes(publicKey.ToJsonString()), Base64Url.DecodeFromChars(publicKey["n"]!.GetValue<string>()) })
        {
            var forged = header + "." + claims + "." + Base64Url.EncodeToString(HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(header + "." + claims)));
            AssertFails(await ValidateAsync(forged), "No public JWK");
        }

        AssertFails(await ValidateAsync("garbage"), "Unable to parse");
        AssertFails(await ValidateAsync(Assertion(key)[..^6]), "");
        Assert.Equal("invalid_request", (await ValidateAsync("")).Error!.Error);
    }

    [Fact]
    public void Options_are_read_from_the_config_with_hydras_defaults()
    {
        var schema = ConfigSchema.FromJson(OAuth2Service.Descriptor.ReadConfigSchema());
        var defaults = JwtBearerOptions.From(ConfigLoader.Load(schema, new ConfigSources()));
        Assert.Equal(JwtBearerOptions.Default with { ScopeAllowed = defaults.ScopeAllowed }, defaults);
        Assert.Equal(TimeSpan.FromHours(720), defaults.MaxTtl);
        Assert.True(defaults.OmitAssertionAudience);

        var set = JwtBearerOptions.From(ConfigLoader.Load(schema, new ConfigSources
        {
            Overrides = new Dictionary<string, string>
            {
                ["oauth2.grant.jwt.jti_optional"] = "true",
                ["oauth2.grant.jwt.iat_optional"] = "true",
                ["oauth2.grant.jwt.max_ttl"] = "1h30m",
                ["oauth2.grant.jwt.omit_assertion_audience"] = "false",
            },
        }));
        Assert.Equal(new JwtBearerOptions(true, true, TimeSpan.FromMinutes(90), false) { ScopeAllowed = set.ScopeAllowed }, set);
    }
}
