using System.Text.Json.Nodes;
using Tessera.OAuth2.Clients;
using Tessera.OAuth2.Storage;
using Tessera.Platform.Crypto;
using static Tessera.Tests.Commands.CliRun;

namespace Tessera.Tests.Commands;

/// <summary><c>perform client-credentials</c>, <c>introspect token</c> and <c>revoke token</c> against a running server.</summary>
public sealed class TokenCommandsTests(OAuth2ServerFixture server) : IClassFixture<OAuth2ServerFixture>
{
    private async Task<(string Id, string Secret)> SeedClientAsync()
    {
        var id = "cli-" + Guid.NewGuid().ToString("N")[..8];
        const string secret = "cli-client-secret-0123";
        await using var database = server.OpenDatabase();
        var document = new JsonObject
        {
            ["client_id"] = id,
            ["client_name"] = "cli test",
            ["grant_types"] = new JsonArray("client_credentials"),
            ["response_types"] = new JsonArray("token"),
            ["scope"] = "read write",
            ["audience"] = new JsonArray("https://api.example"),
            ["token_endpoint_auth_method"] = "client_secret_basic",
        };
        Assert.True(await new ClientStore(database).CreateAsync(new OAuth2Client { Id = id, SecretHash = new SecretHasher().Hash(secret), Document = document }, null, CancellationToken.None));
        return (id, secret);
    }

    [Fact]
    public async Task Client_credentials_then_introspect_then_revoke()
    {
        var (id, secret) = await SeedClientAsync();
        var token = await RunAsync("perform", "client-credentials", "--client-id", id, "--client-secret", secret, "--scope", "read",
            "--audience", "https://api.example", "--endpoint", server.PublicUrl, "--format", "json");
        Assert.True(token.Code == 0, token.Err + server.Output);
        var answer = JsonNode.Parse(token.Out)!;
        var accessToken = answer["access_token"]!.GetValue<string>();
        Assert.Equal("read", answer["scope"]!.GetValue<string>());
        Assert.NotNull(answer["expiry"]);

        var active = await RunAsync("introspect", "token", accessToken, "--endpoint", server.AdminUrl, "--format", "json");
        Assert.True(active.Code == 0, active.Err);
        var introspection = JsonNode.Parse(active.Out)!;
        Assert.True(introspection["active"]!.GetValue<bool>());
        Assert.Equal(id, introspection["client_id"]!.GetValue<string>());

        var table = await RunAsync("introspect", "token", accessToken, "--endpoint", server.AdminUrl, "--format", "table");
        Assert.Matches(@"(?m)^ACTIVE\s+true", table.Out);
        Assert.Matches($@"(?m)^CLIENT ID\s+{id}", table.Out);

        var revoked = await RunAsync("revoke", "token", accessToken, "--client-id", id, "--client-secret", secret, "--endpoint", server.PublicUrl);
        Assert.True(revoked.Code == 0, revoked.Err);
        Assert.DoesNotContain(accessToken, revoked.Out);

        var inactive = await RunAsync("introspect", "token", accessToken, "--endpoint", server.AdminUrl, "--format", "json");
        Assert.False(JsonNode.Parse(inactive.Out)!["active"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_client_created_with_the_cli_gets_a_token_with_the_printed_secret()
    {
        var created = await RunAsync("create", "oauth2-client", "--grant-type", "client_credentials", "--scope", "jobs", "--endpoint", server.AdminUrl, "--format", "json");
        Assert.True(created.Code == 0, created.Err);
        var client = JsonNode.Parse(created.Out)!;
        var token = await RunAsync("perform", "client-credentials", "--client-id", client["client_id"]!.GetValue<string>(),
            "--client-secret", client["client_secret"]!.GetValue<string>(), "--scope", "jobs", "--endpoint", server.PublicUrl, "--format", "table");
        Assert.True(token.Code == 0, token.Err);
        Assert.Matches(@"(?m)^ACCESS TOKEN\s+ory_at_\S+$", token.Out);
        Assert.Matches(@"(?m)^SCOPE\s+jobs$", token.Out);
    }

    [Fact]
    public async Task Delete_access_tokens_ends_every_token_of_the_client()
    {
        var (id, secret) = await SeedClientAsync();
        var token = JsonNode.Parse((await RunAsync("perform", "client-credentials", "--client-id", id, "--client-secret", secret, "--endpoint", server.PublicUrl, "--format", "json")).Out)!;
        var accessToken = token["access_token"]!.GetValue<string>();

        var deleted = await RunAsync("delete", "access-tokens", id, "--endpoint", server.AdminUrl);
        Assert.True(deleted.Code == 0, deleted.Err);
        Assert.Equal(id, deleted.Out.Trim());
        var inactive = await RunAsync("introspect", "token", accessToken, "--endpoint", server.AdminUrl, "--format", "json");
        Assert.False(JsonNode.Parse(inactive.Out)!["active"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_wrong_secret_prints_the_oauth2_error()
    {
        var (id, _) = await SeedClientAsync();
        var result = await RunAsync("perform", "client-credentials", "--client-id", id, "--client-secret", "not-the-secret", "--endpoint", server.PublicUrl);
        Assert.Equal(1, result.Code);
        Assert.Contains("401", result.Err);
        Assert.Contains("invalid_client", result.Err);
        Assert.DoesNotContain("not-the-secret", result.Err);
    }

    [Fact]
    public async Task Without_a_client_id_it_says_how_to_give_one()
    {
        var result = await RunAsync("perform", "client-credentials", "--endpoint", server.PublicUrl);
        Assert.Equal(2, result.Code);
        Assert.Contains("OAUTH2_CLIENT_ID", result.Err);
    }
}
