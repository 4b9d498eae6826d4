using System.Text.Json.Nodes;
using static Tessera.Tests.Commands.CliRun;

namespace Tessera.Tests.Commands;

/// <summary><c>create|get|list|update|delete oauth2-client</c> against a running server.</summary>
public sealed class OAuth2ClientCommandsTests(OAuth2ServerFixture server) : IClassFixture<OAuth2ServerFixture>
{

    [Fact]
    public async Task Create_get_update_list_delete_round_trip()
    {
        var created = await RunAsync("create", "oauth2-client", "--endpoint", server.AdminUrl, "--format", "json",
            "--name", "cli app", "--grant-type", "authorization_code,refresh_token", "--response-type", "code",
            "--scope", "openid", "--scope", "offline", "--redirect-uri", "http://127.0.0.1:4446/callback",
            "--audience", "https://api.example", "--token-endpoint-auth-method", "client_secret_post",
            "--secret", "cli-secret-0123456789", "--owner", "team-a", "--metadata", "{\"tier\":\"gold\"}",
            "--post-logout-callback", "http://127.0.0.1:4446/bye");
        Assert.True(created.Code == 0, created.Err);
        var client = JsonNode.Parse(created.Out)!;
        var id = client["client_id"]!.GetValue<string>();
        Assert.Equal("cli app", client["client_name"]!.GetValue<string>());
        Assert.Equal(["authorization_code", "refresh_token"], client["grant_types"]!.AsArray().Select(g => g!.GetValue<string>()));
        Assert.Equal("openid offline", client["scope"]!.GetValue<string>());
        Assert.Equal("client_secret_post", client["token_endpoint_auth_method"]!.GetValue<string>());
        Assert.Equal("cli-secret-0123456789", client["client_secret"]!.GetValue<string>());
        Assert.Equal("gold", client["metadata"]!["tier"]!.GetValue<string>());
        Assert.Equal("team-a", client["owner"]!.GetValue<string>());

        var updated = await RunAsync("update", "oauth2-client", id, "--name", "renamed", "--endpoint", server.AdminUrl, "--format", "json");
        Assert.True(updated.Code == 0, updated.Err);
        var after = JsonNode.Parse(updated.Out)!;
        Assert.Equal("renamed", after["client_name"]!.GetValue<string>());
        Assert.Equal("openid offline", after["scope"]!.GetValue<string>());
        Assert.Equal("team-a", after["owner"]!.GetValue<string>());

        var fetched = await RunAsync("get", "oauth2-client", id, "--endpoint", server.AdminUrl, "--format", "table");
        Assert.Matches($@"(?m)^CLIENT ID\s+{id}$", fetched.Out);
        Assert.Matches(@"(?m)^GRANT TYPES\s+authorization_code, refresh_token$", fetched.Out);

        var listed = await RunAsync("list", "oauth2-clients", "--endpoint", server.AdminUrl, "--format", "json");
        Assert.Contains(JsonNode.Parse(listed.Out)!["items"]!.AsArray(), c => c!["client_id"]!.GetValue<string>() == id);

        var deleted = await RunAsync("delete", "oauth2-client", id, "--endpoint", server.AdminUrl);
        Assert.Equal(0, deleted.Code);
        Assert.Equal(id, deleted.Out.Trim());

        var gone = await RunAsync("get", "oauth2-client", id, "--endpoint", server.AdminUrl);
        Assert.Equal(1, gone.Code);
        Assert.Contains("404", gone.Err);
    }

    [Fact]
    public async Task Listing_pages_with_the_next_page_token()
    {
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(0, (await RunAsync("create", "oauth2-client", "--endpoint", server.AdminUrl, "--name", $"paged-{i}", "--grant-type", "client_credentials")).Code);
        }

        var first = JsonNode.Parse((await RunAsync("list", "oauth2-clients", "--page-size", "2", "--endpoint", server.AdminUrl, "--format", "json")).Out)!;
        Assert.Equal(2, first["items"]!.AsArray().Count);
        var token = first["next_page_token"]!.GetValue<string>();
        var second = JsonNode.Parse((await RunAsync("list", "oauth2-clients", "--page-size", "2", "--page-token", token, "--endpoint", server.AdminUrl, "--format", "json")).Out)!;
        Assert.NotEmpty(second["items"]!.AsArray());
        Assert.DoesNotContain(second["items"]!.AsArray(), c => first["items"]!.AsArray().Any(f => f!["client_id"]!.GetValue<string>() == c!["client_id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Deleting_an_unknown_client_reports_it_and_continues()
    {
        var created = JsonNode.Parse((await RunAsync("create", "oauth2-client", "--endpoint", server.AdminUrl, "--format", "json", "--grant-type", "client_credentials")).Out)!;
        var id = created["client_id"]!.GetValue<string>();
        var result = await RunAsync("delete", "oauth2-client", "no-such-client", id, "--endpoint", server.AdminUrl);
        Assert.Equal(1, result.Code);
        Assert.Equal(id, result.Out.Trim());
        Assert.Contains("no-such-client", result.Err);
    }

    [Fact]
    public async Task Update_without_flags_is_a_usage_error()
    {
        var result = await RunAsync("update", "oauth2-client", "some-id", "--endpoint", server.AdminUrl);
        Assert.Equal(2, result.Code);
        Assert.Contains("nothing to change", result.Err);
    }

    [Fact]
    public async Task Bad_metadata_is_a_usage_error()
    {
        var result = await RunAsync("create", "oauth2-client", "--metadata", "{not json", "--endpoint", server.AdminUrl);
        Assert.Equal(2, result.Code);
        Assert.Contains("--metadata", result.Err);
    }
}
