using System.Text.Json.Nodes;
using static Tessera.Tests.Commands.CliRun;

namespace Tessera.Tests.Commands;

/// <summary><c>create|get|delete jwks</c> against a running server.</summary>
public sealed class JwksCommandsTests(OAuth2ServerFixture server) : IClassFixture<OAuth2ServerFixture>
{
    [Fact]
    public async Task Create_get_and_delete_a_key_set()
    {
        var created = await RunAsync("create", "jwks", "cli-set", "k1", "--alg", "ES256", "--endpoint", server.AdminUrl, "--format", "json");
        Assert.True(created.Code == 0, created.Err);
        var createdJson = JsonNode.Parse(created.Out)!;
        Assert.Equal("cli-set", createdJson["set"]!.GetValue<string>());
        var key = createdJson["keys"]![0]!;
        Assert.Equal("k1", key["kid"]!.GetValue<string>());
        Assert.Equal("ES256", key["alg"]!.GetValue<string>());
        Assert.NotNull(key["d"]);

        var table = await RunAsync("get", "jwks", "cli-set", "--endpoint", server.AdminUrl, "--format", "table");
        Assert.True(table.Code == 0, table.Err);
        var lines = table.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("SET ID", lines[0]);
        Assert.Contains("KEY ID", lines[0]);
        Assert.Matches(@"^cli-set\s+k1\s+ES256\s+sig$", lines[1]);

        var publicOnly = await RunAsync("get", "jwks", "cli-set", "--public", "--endpoint", server.AdminUrl);
        var publicKey = JsonNode.Parse(publicOnly.Out)!["keys"]![0]!;
        Assert.Null(publicKey["d"]);
        Assert.NotNull(publicKey["x"]);

        var deleted = await RunAsync("delete", "jwks", "cli-set", "--endpoint", server.AdminUrl);
        Assert.Equal(0, deleted.Code);
        Assert.Equal("cli-set", deleted.Out.Trim());

        var gone = await RunAsync("get", "jwks", "cli-set", "--endpoint", server.AdminUrl);
        Assert.Equal(1, gone.Code);
        Assert.Contains("404", gone.Err);
        Assert.StartsWith("error: ", gone.Err);
    }

    [Fact]
    public async Task Keys_of_several_sets_are_tagged_with_their_set()
    {
        Assert.Equal(0, (await RunAsync("create", "jwks", "multi-a", "--endpoint", server.AdminUrl)).Code);
        Assert.Equal(0, (await RunAsync("create", "jwks", "multi-b", "--alg", "ES256", "--endpoint", server.AdminUrl)).Code);

        var both = await RunAsync("get", "jwks", "multi-a", "multi-b", "--public", "--endpoint", server.AdminUrl, "--format", "json-pretty");
        Assert.True(both.Code == 0, both.Err);
        Assert.Contains("\n", both.Out.Trim());
        var json = JsonNode.Parse(both.Out)!;
        Assert.Null(json["set"]);
        Assert.Equal(["multi-a", "multi-b"], json["keys"]!.AsArray().Select(k => k!["set"]!.GetValue<string>()));
        Assert.Equal("RS256", json["keys"]![0]!["alg"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_bad_algorithm_prints_the_servers_message()
    {
        var result = await RunAsync("create", "jwks", "bad-alg", "--alg", "XX999", "--endpoint", server.AdminUrl);
        Assert.Equal(1, result.Code);
        Assert.Contains("400", result.Err);
        Assert.True(result.Err.Contains("XX999", StringComparison.Ordinal) || result.Err.Contains("alg", StringComparison.Ordinal), result.Err);
    }

    [Fact]
    public async Task The_endpoint_comes_from_the_environment_when_not_given()
    {
        var (code, output) = await Testing.TesseraProcess.RunAsync(["get", "jwks", "hydra.openid.id-token", "--public"],
            new Dictionary<string, string> { ["TESSERA_ADMIN_URL"] = server.AdminUrl });
        Assert.True(code == 0, output);
        Assert.Contains("hydra.openid.id-token", output);

        var (oryCode, oryOutput) = await Testing.TesseraProcess.RunAsync(["get", "jwks", "hydra.openid.id-token", "--public", "--format", "json"],
            new Dictionary<string, string> { ["ORY_SDK_URL"] = server.AdminUrl });
        Assert.True(oryCode == 0, oryOutput);
        Assert.Equal("RS256", JsonNode.Parse(oryOutput)!["keys"]![0]!["alg"]!.GetValue<string>());
    }
}
