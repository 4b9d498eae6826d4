using System.Text.Json.Nodes;
using Tessera.OAuth2.Keys;
using Tessera.Platform.Jose;

namespace Tessera.OAuth2.Tests.Http;

/// <summary>
/// The admin endpoints of clients, keys, trusted issuers and tokens through HTTP: each refusal of the
/// operations behind them comes out in the endpoint's own error shape and status.
/// </summary>
public sealed class AdminResourceEndpointsTests(OAuth2HttpFixture fixture) : IClassFixture<OAuth2HttpFixture>
{
    private OAuth2HttpServer Server => fixture.Server;

    private string Admin(string path) => Server.AdminUrl + path;

    [Fact]
    public async Task A_refused_trust_request_is_a_missing_required_parameter_and_a_repeat_is_a_conflict()
    {
        var key = JsonWebKeyGenerator.PublicPart(JsonWebKeyGenerator.Generate("ES256", "trust-" + Guid.NewGuid().ToString("N")));
        var request = new JsonObject { ["subject"] = "alice", ["jwk"] = key, ["expires_at"] = "2099-01-01T00:00:00Z" };
        var (status, body) = await Server.SendJsonAsync(HttpMethod.Post, Admin("/admin/trust/grants/jwt-bearer/issuers"), request);
        Assert.Equal(400, status);
        Assert.NotNull(body);
        Assert.Equal(["error", "error_description"], body.Select(p => p.Key).ToArray());
        Assert.Equal("missing_required_parameter", (string?)body["error"]);
        Assert.Equal("One of the required parameters is missing. Check your request parameters. Field 'issuer' is required.", (string?)body["error_description"]);

        request["issuer"] = "https://idp.example";
        Assert.Equal(201, (await Server.SendJsonAsync(HttpMethod.Post, Admin("/admin/trust/grants/jwt-bearer/issuers"), request)).Status);
        (status, body) = await Server.SendJsonAsync(HttpMethod.Post, Admin("/trust/grants/jwt-bearer/issuers"), request);
        Assert.Equal(409, status);
        Assert.Equal("This issuer, subject and key are trusted already.", (string?)body!["error"]!["message"]);
    }

    [Fact]
    public async Task A_trusted_issuer_is_created_with_hydras_location_which_serves_it()
    {
        var key = JsonWebKeyGenerator.PublicPart(JsonWebKeyGenerator.Generate("ES256", "located-" + Guid.NewGuid().ToString("N")));
        var request = new JsonObject { ["issuer"] = "https://located.example", ["allow_any_subject"] = true, ["jwk"] = key, ["expires_at"] = "2099-01-01T00:00:00Z" };
        using var created = await Server.Http.PostAsync(Admin("/admin/trust/grants/jwt-bearer/issuers"), new StringContent(request.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(201, (int)created.StatusCode);
        var id = (string)(await OAuth2HttpServer.JsonAsync(created))["id"]!;
        Assert.Equal("/trust/grants/jwt-bearer/issuers/" + id, created.Headers.Location!.OriginalString);

        using var read = await Server.Http.GetAsync(Admin(created.Headers.Location.OriginalString));
        Assert.Equal(200, (int)read.StatusCode);
        Assert.Equal(id, (string)(await OAuth2HttpServer.JsonAsync(read))["id"]!);
    }

    [Fact]
    public async Task A_refused_key_request_is_a_400_in_Orys_shape_and_the_public_jwks_has_no_private_members()
    {
        var (status, body) = await Server.SendJsonAsync(HttpMethod.Post, Admin("/admin/keys/refused-set"), new JsonObject { ["alg"] = "none" });
        Assert.Equal(400, status);
        Assert.Equal(400, (int)body!["error"]!["code"]!);
        Assert.Equal("The key request is invalid.", (string?)body["error"]!["message"]);
        Assert.Equal("\"alg\" must be one of RS256, ES256, ES512, HS256 and \"use\" sig or enc.", (string?)body["error"]!["reason"]);
        (status, body) = await Server.SendJsonAsync(HttpMethod.Put, Admin("/admin/keys/refused-set/k1"), JsonWebKeyGenerator.Generate("ES256", "k2"));
        Assert.Equal(400, status);
        Assert.Equal("The key's \"kid\" must match the kid in the path.", (string?)body!["error"]!["message"]);
        using (var nothing = await Server.Http.GetAsync(Admin("/admin/keys/refused-set")))
        {
            Assert.Equal(404, (int)nothing.StatusCode);
        }

        using var jwks = await Server.GetAsync(Server.PublicUrl + "/.well-known/jwks.json");
        var keys = (await OAuth2HttpServer.JsonAsync(jwks))["keys"]!.AsArray();
        Assert.NotEmpty(keys);
        Assert.All(keys, k => Assert.False(k!.AsObject().ContainsKey("d")));
        Assert.Equal("private, no-cache, no-store, must-revalidate", NoCacheRoutesTests.Raw(jwks)); // as Hydra: a key rotation shows at once
    }

    [Fact]
    public async Task A_patch_that_changes_the_client_id_is_a_400_and_an_unknown_lifespan_is_invalid_metadata()
    {
        var id = "patched-" + Guid.NewGuid().ToString("N");
        Assert.Equal(201, (await Server.SendJsonAsync(HttpMethod.Post, Admin("/admin/clients"), new JsonObject { ["client_id"] = id })).Status);

        var (status, body) = await Server.SendJsonAsync(HttpMethod.Patch, Admin("/admin/clients/" + id), new JsonArray(new JsonObject { ["op"] = "replace", ["path"] = "/client_id", ["value"] = "other" }));
        Assert.Equal(400, status);
        Assert.Equal("The request was malformed or contained invalid parameters", (string?)body!["error"]!["message"]);
        Assert.Equal("The client_id of a client cannot be changed.", (string?)body["error"]!["reason"]);

        (status, body) = await Server.SendJsonAsync(HttpMethod.Put, Admin("/admin/clients/" + id + "/lifespans"), new JsonObject { ["scope"] = "x" });
        Assert.Equal(400, status);
        Assert.Equal("invalid_client_metadata", (string?)body!["error"]);

        (status, body) = await Server.SendJsonAsync(HttpMethod.Put, Admin("/admin/clients/no-such-client"), new JsonObject());
        Assert.Equal(404, status);
        Assert.Equal("Unable to locate the resource", (string?)body!["error"]!["message"]);
    }

    [Fact]
    public async Task Flush_and_token_deletion_answer_204_and_refuse_bad_parameters()
    {
        var (status, body) = await Server.SendJsonAsync(HttpMethod.Post, Admin("/admin/oauth2/flush"), new JsonObject { ["notAfter"] = "yesterday" });
        Assert.Equal(400, status);
        Assert.Equal("Field 'notAfter' must be an RFC 3339 date-time.", (string?)body!["error"]!["message"]);
        Assert.Equal(204, (await Server.SendJsonAsync(HttpMethod.Post, Admin("/oauth2/flush"), new JsonObject { ["notAfter"] = "2001-01-01T00:00:00Z" })).Status);

        using var missing = await Server.Http.DeleteAsync(Admin("/admin/oauth2/tokens"));
        Assert.Equal(400, (int)missing.StatusCode);
        using var deleted = await Server.Http.DeleteAsync(Admin("/admin/oauth2/tokens?client_id=web"));
        Assert.Equal(204, (int)deleted.StatusCode);
    }
}
