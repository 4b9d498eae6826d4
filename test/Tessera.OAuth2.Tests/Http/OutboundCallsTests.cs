using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Tessera.OAuth2.Keys;
using Tessera.OAuth2.Protocol.Assertions;
using Tessera.OAuth2.Tests.Keys;
using Tessera.OAuth2.Tests.Protocol.Hooks;
using Tessera.Platform.Outbound;
using Tessera.Platform.Jose;
using Tessera.Testing;

namespace Tessera.OAuth2.Tests.Http;

/// <summary>
/// <c>clients.http.disallow_private_ip_ranges</c> through the real admin and token endpoints: URLs the
/// server calls for a client are checked when written and again when connecting, and a failed fetch is
/// reported by field without what the remote said.
/// </summary>
public sealed class OutboundCallsTests : IAsyncLifetime
{
    private const string Disallow = "clients.http.disallow_private_ip_ranges";
    private const string Exceptions = "clients.http.private_ip_exception_urls";

    private readonly JwksServer keys = new();
    private readonly JsonObject signingKey = TestKeys.For("RS256", "k1");
    private WebApplication? sectors;
    private string sectorBase = "";
    private int sectorHits;

    public async Task InitializeAsync()
    {
        await keys.StartAsync();
        keys.Keys = [JsonWebKeyGenerator.PublicPart(signingKey)];
        (sectors, sectorBase) = await LoopbackWebApp.StartAsync(web =>
        {
            web.Use(async (context, next) =>
            {
                Interlocked.Increment(ref sectorHits);
                await next(context);
            });
            web.MapGet("/sector", () => Results.Text("""["https://rp.example/cb"]""", "application/json"));
            web.MapGet("/missing", () => Results.Text("internal detail", "text/plain", statusCode: 404));
        });
    }

    public async Task DisposeAsync()
    {
        await keys.DisposeAsync();
        await sectors!.StopAsync();
        await sectors.DisposeAsync();
    }

    private static Dictionary<string, string> Settings(bool disallow, params string[] exceptions) => new()
    {
        [Disallow] = disallow ? "true" : "false",
        [Exceptions] = new JsonArray(exceptions.Select(e => (JsonNode?)e).ToArray()).ToJsonString(),
        ["oidc.subject_identifiers.supported_types"] = """["public","pairwise"]""",
        ["oidc.subject_identifiers.pairwise.salt"] = "outbound-test-pairwise-salt",
        ["dev"] = "true", // plain-http sector identifiers, as the loopback peers speak
    };

    private static async Task<(HttpStatusCode Status, JsonObject Body)> CreateClientAsync(OAuth2HttpServer server, JsonObject client)
    {
        var (status, body) = await server.SendJsonAsync(HttpMethod.Post, server.AdminUrl + "/admin/clients", client);
        return ((HttpStatusCode)status, body!);
    }

    private static JsonObject KeyClient(string jwksUri) => new()
    {
        ["client_id"] = "keys-client",
        ["token_endpoint_auth_method"] = "private_key_jwt",
        ["grant_types"] = new JsonArray("client_credentials"),
        ["jwks_uri"] = jwksUri,
    };

    private static JsonObject SectorClient(string sectorUri) => new()
    {
        ["subject_type"] = "pairwise",
        ["sector_identifier_uri"] = sectorUri,
        ["redirect_uris"] = new JsonArray("https://rp.example/cb"),
    };

    private async Task<(HttpStatusCode Status, JsonObject Body)> TokenWithAssertionAsync(OAuth2HttpServer server)
    {
        var now = server.Test.Time.GetUtcNow().ToUnixTimeSeconds();
        var assertion = JsonWebSignature.Sign(
            new JsonObject
            {
                ["iss"] = "keys-client",
                ["sub"] = "keys-client",
                ["aud"] = server.Test.Runtime.Protocol.Options.TokenUrl,
                ["iat"] = now,
                ["exp"] = now + 300,
                ["jti"] = Guid.NewGuid().ToString(),
            },
            signingKey);
        using var response = await server.PostFormAsync(server.PublicUrl + "/oauth2/token", new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = "keys-client",
            ["client_assertion_type"] = ClientAssertionValidator.JwtBearerType,
            ["client_assertion"] = assertion,
        });
        return (response.StatusCode, await OAuth2HttpServer.JsonAsync(response));
    }

    private static string Description(JsonObject body) => body["error_description"]?.GetValue<string>() ?? body.ToJsonString();

    [Fact]
    public async Task With_the_setting_on_client_urls_on_internal_addresses_are_refused_naming_the_field_and_nothing_is_fetched()
    {
        await using var server = await OAuth2HttpServer.StartAsync(Settings(disallow: true));

        var (status, body) = await CreateClientAsync(server, KeyClient(keys.Url("/jwks")));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_client_metadata", body["error"]!.GetValue<string>());
        Assert.EndsWith("Client IP address is not allowed: jwks_uri does not resolve to a permitted destination.", Description(body), StringComparison.Ordinal);

        (status, body) = await CreateClientAsync(server, SectorClient(sectorBase + "/sector"));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.EndsWith("Client IP address is not allowed: sector_identifier_uri does not resolve to a permitted destination.", Description(body), StringComparison.Ordinal);

        Assert.Equal(0, keys.Hits);
        Assert.Equal(0, sectorHits);
    }

    [Fact]
    public async Task With_the_setting_off_as_by_default_loopback_urls_are_fetched_and_a_failed_fetch_hides_the_remote_answer()
    {
        await using var server = await OAuth2HttpServer.StartAsync(Settings(disallow: false));

        Assert.Equal(HttpStatusCode.Created, (await CreateClientAsync(server, KeyClient(keys.Url("/jwks")))).Status);
        var (status, body) = await TokenWithAssertionAsync(server);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotNull(body["access_token"]);
        Assert.Equal(1, keys.Hits);

        Assert.Equal(HttpStatusCode.Created, (await CreateClientAsync(server, SectorClient(sectorBase + "/sector"))).Status);
        (status, body) = await CreateClientAsync(server, SectorClient(sectorBase + "/missing"));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.EndsWith("The fetch of sector_identifier_uri failed.", Description(body), StringComparison.Ordinal);
        Assert.DoesNotContain("404", Description(body), StringComparison.Ordinal);
        Assert.DoesNotContain("internal detail", Description(body), StringComparison.Ordinal);
        Assert.Equal(2, sectorHits);
    }

    [Fact]
    public async Task A_jwks_uri_whose_name_turns_inward_after_registration_is_refused_at_the_token_endpoint()
    {
        // DNS rebinding: public when the client is written, loopback when the key set is fetched.
        var lookups = 0;
        var network = new OutboundNetwork
        {
            Resolve = (host, _) => Task.FromResult(host == "keys.rebind.test" && Interlocked.Increment(ref lookups) == 1
                ? new[] { IPAddress.Parse("93.184.216.34") }
                : [IPAddress.Loopback]),
        };
        var jwksUri = $"http://keys.rebind.test:{new Uri(keys.Url("/")).Port}/jwks";
        await using var server = await OAuth2HttpServer.StartAsync(Settings(disallow: true), network);

        Assert.Equal(HttpStatusCode.Created, (await CreateClientAsync(server, KeyClient(jwksUri))).Status);
        var (status, body) = await TokenWithAssertionAsync(server);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("invalid_client", body["error"]!.GetValue<string>());
        Assert.EndsWith("could not be loaded: the fetch of jwks_uri failed.", Description(body), StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1", Description(body), StringComparison.Ordinal);
        Assert.Equal(0, keys.Hits);

        // Listed as an exception, the same URL is fetched from the same loopback server.
        await using var excepted = await OAuth2HttpServer.StartAsync(Settings(disallow: true, jwksUri), network);
        Assert.Equal(HttpStatusCode.Created, (await CreateClientAsync(excepted, KeyClient(jwksUri))).Status);
        Assert.Equal(HttpStatusCode.OK, (await TokenWithAssertionAsync(excepted)).Status);
        Assert.Equal(1, keys.Hits);
    }

    [Fact]
    public async Task The_token_hook_is_held_to_the_setting_as_in_Hydra_unless_listed_as_an_exception()
    {
        await using var hook = new TokenHookServer { Status = 204 };
        await hook.StartAsync();
        foreach (var (exceptions, expected) in new[] { (Array.Empty<string>(), HttpStatusCode.InternalServerError), ([hook.Url], HttpStatusCode.OK) })
        {
            var settings = Settings(disallow: true, exceptions);
            settings["oauth2.token_hook"] = hook.Url;
            await using var server = await OAuth2HttpServer.StartAsync(settings);
            await server.Test.AddClientAsync("svc", "s3cret-s3cret", new JsonObject { ["grant_types"] = new JsonArray("client_credentials"), ["token_endpoint_auth_method"] = "client_secret_post" });
            using var response = await server.PostFormAsync(server.PublicUrl + "/oauth2/token",
                new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["client_id"] = "svc", ["client_secret"] = "s3cret-s3cret" });
            Assert.Equal(expected, response.StatusCode);
        }

        Assert.Equal(1, hook.Calls);
    }
}
