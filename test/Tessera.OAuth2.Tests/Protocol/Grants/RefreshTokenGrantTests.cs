using System.Text.Json.Nodes;
using Tessera.OAuth2.Clients;
using Tessera.OAuth2.Tests.Flows;
using Tessera.OAuth2.Tests.Http;

namespace Tessera.OAuth2.Tests.Protocol.Grants;

/// <summary>The refresh grant through the token endpoint: the client's current registration, and narrowing the scope (RFC 6749 §6).</summary>
public sealed class RefreshTokenGrantTests
{
    private static Task<OAuth2HttpServer> StartAsync(string scope) => StartAsync(new JsonObject { ["scope"] = scope });

    private static async Task<OAuth2HttpServer> StartAsync(JsonObject client) => await OAuth2HttpServer.StartAsync(await AuthorizeFlowTests.StartAsync(client));

    private static async Task<(int Status, JsonObject Body)> RefreshAsync(OAuth2HttpServer server, string refreshToken, string? scope = null)
    {
        var form = new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken };
        if (scope is not null)
        {
            form["scope"] = scope;
        }

        using var response = await server.PostFormAsync(server.PublicUrl + "/oauth2/token", form, "web", "web-secret-123");
        return ((int)response.StatusCode, await OAuth2HttpServer.JsonAsync(response));
    }

    private static async Task<JsonObject> IntrospectAsync(OAuth2HttpServer server, string token)
    {
        using var response = await server.PostFormAsync(server.AdminUrl + "/admin/oauth2/introspect", new Dictionary<string, string> { ["token"] = token });
        return await OAuth2HttpServer.JsonAsync(response);
    }

    private static string Text(JsonObject body, string name) => body[name]!.GetValue<string>();

    private static async Task ChangeClientAsync(OAuth2TestRuntime test, Action<JsonObject> change)
    {
        var client = (await test.ClientStore.GetAsync("web", CancellationToken.None))!;
        var document = (JsonObject)client.Document.DeepClone();
        change(document);
        Assert.True(await test.ClientStore.UpdateAsync(new OAuth2Client { Id = client.Id, SecretHash = client.SecretHash, Document = document }, CancellationToken.None));
    }

    [Fact]
    public async Task A_narrower_scope_goes_to_the_access_token_and_the_refresh_token_keeps_the_whole_grant()
    {
        await using var server = await StartAsync("openid offline_access profile email");
        var first = await new HttpBrowser(server).SignInAsync("alice", "openid offline_access profile email", ["openid", "offline_access", "profile", "email"]);

        var (status, narrow) = await RefreshAsync(server, Text(first, "refresh_token"), "profile");
        Assert.Equal(200, status);
        Assert.Equal("profile", Text(narrow, "scope"));
        Assert.Null(narrow["id_token"]);
        Assert.Equal("profile", Text(await IntrospectAsync(server, Text(narrow, "access_token")), "scope"));
        Assert.Equal("openid offline_access profile email", Text(await IntrospectAsync(server, Text(narrow, "refresh_token")), "scope"));

        // The next refresh may ask for the whole grant again, or for nothing in particular (the whole grant).
        var (again, whole) = await RefreshAsync(server, Text(narrow, "refresh_token"), "openid email offline_access profile");
        Assert.Equal(200, again);
        Assert.Equal("openid email offline_access profile", Text(whole, "scope"));
        Assert.NotNull(whole["id_token"]);
        var (plain, unnamed) = await RefreshAsync(server, Text(whole, "refresh_token"));
        Assert.Equal(200, plain);
        Assert.Equal("openid offline_access profile email", Text(unnamed, "scope"));
    }

    [Fact]
    public async Task A_scope_not_granted_by_name_cannot_be_asked_for_even_if_a_granted_wildcard_would_cover_it()
    {
        await using var server = await StartAsync("openid offline_access photos.*");
        var tokens = await new HttpBrowser(server).SignInAsync("alice", "openid offline_access photos.*", ["openid", "offline_access", "photos.*"]);

        var (status, refused) = await RefreshAsync(server, Text(tokens, "refresh_token"), "photos.read");
        Assert.Equal(400, status);
        Assert.Equal("invalid_scope", Text(refused, "error"));
        Assert.Contains("'photos.read' was not granted originally", Text(refused, "error_description"), StringComparison.Ordinal);

        // The refusal consumed nothing: the same refresh token still works for what was granted.
        var (ok, renewed) = await RefreshAsync(server, Text(tokens, "refresh_token"), "photos.*");
        Assert.Equal(200, ok);
        Assert.Equal("photos.*", Text(renewed, "scope"));
    }

    [Fact]
    public async Task A_scope_taken_away_from_the_client_is_no_longer_refreshed()
    {
        await using var server = await StartAsync("openid offline_access profile");
        var tokens = await new HttpBrowser(server).SignInAsync("alice", "openid offline_access profile", ["openid", "offline_access", "profile"]);
        await ChangeClientAsync(server.Test, d => d["scope"] = "openid offline_access");

        // Also when the request leaves the withdrawn scope out: the new refresh token would carry it on.
        foreach (var scope in new[] { null, "openid" })
        {
            var (status, refused) = await RefreshAsync(server, Text(tokens, "refresh_token"), scope);
            Assert.Equal(400, status);
            Assert.Equal("invalid_scope", Text(refused, "error"));
            Assert.Equal("The OAuth 2.0 Client is not allowed to request scope 'profile'.", Text(refused, "error_description"));
        }

        await ChangeClientAsync(server.Test, d => d["scope"] = "openid offline_access profile");
        Assert.Equal(200, (await RefreshAsync(server, Text(tokens, "refresh_token"))).Status);
    }

    [Fact]
    public async Task A_scope_still_covered_by_the_client_wildcard_is_refreshed()
    {
        await using var server = await StartAsync("openid offline_access photos.read");
        var tokens = await new HttpBrowser(server).SignInAsync("alice", "openid offline_access photos.read", ["openid", "offline_access", "photos.read"]);
        await ChangeClientAsync(server.Test, d => d["scope"] = "openid offline_access photos.*");

        var (status, renewed) = await RefreshAsync(server, Text(tokens, "refresh_token"));
        Assert.Equal(200, status);
        Assert.Equal("openid offline_access photos.read", Text(renewed, "scope"));
    }

    [Fact]
    public async Task An_audience_taken_away_from_the_client_is_no_longer_refreshed()
    {
        await using var server = await StartAsync(new JsonObject { ["scope"] = "openid offline_access", ["audience"] = new JsonArray("https://api.test/") });
        var tokens = await new HttpBrowser(server).SignInAsync("alice", "openid offline_access", ["openid", "offline_access"],
            audience: "https://api.test/orders", grantAudience: ["https://api.test/orders"]);
        await ChangeClientAsync(server.Test, d => d["audience"] = new JsonArray("https://other.test/"));

        var (status, refused) = await RefreshAsync(server, Text(tokens, "refresh_token"));
        Assert.Equal(400, status);
        Assert.Equal("invalid_request", Text(refused, "error"));
        Assert.Equal("Requested audience 'https://api.test/orders' has not been whitelisted by the OAuth 2.0 Client.", Text(refused, "error_description"));
    }
}
