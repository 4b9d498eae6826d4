using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Tessera.OAuth2.Tests.Http;

namespace Tessera.OAuth2.Tests.Clients;

/// <summary>
/// OIDC Core §8.1 through the admin API and dynamic registration: a pairwise client whose redirect URIs
/// do not name one host must give a sector_identifier_uri, or its subjects would share a sector.
/// </summary>
public sealed class PairwiseSectorTests(OAuth2HttpFixture fixture) : IClassFixture<OAuth2HttpFixture>
{
    public static TheoryData<string> NeedASector => new()
    {
        """{"subject_type":"pairwise","redirect_uris":["https://a.test/cb","https://b.test/cb"]}""",
        """{"subject_type":"pairwise","redirect_uris":["https://a.test/cb","https://a.test:8443/cb"]}""",
        """{"subject_type":"pairwise"}""",
        """{"subject_type":"pairwise","grant_types":["urn:ietf:params:oauth:grant-type:device_code"]}""",
        """{"subject_type":"pairwise","redirect_uris":["com.example.app:/cb"]}""",
    };

    private OAuth2HttpServer Server => fixture.Server;

    private static void AssertNeedsSector((int Status, JsonObject? Body) answer)
    {
        Assert.Equal(400, answer.Status);
        Assert.Equal("invalid_client_metadata", (string?)answer.Body!["error"]);
        Assert.Contains("Field sector_identifier_uri must be set when subject_type is pairwise", (string?)answer.Body["error_description"], StringComparison.Ordinal);
    }

    private async Task<string> CreateAsync(string json)
    {
        var (status, body) = await Server.SendJsonAsync(HttpMethod.Post, Server.AdminUrl + "/admin/clients", JsonNode.Parse(json)!);
        Assert.Equal(201, status);
        return (string)body!["client_id"]!;
    }

    [Theory]
    [MemberData(nameof(NeedASector))]
    public async Task A_pairwise_client_without_one_host_or_a_sector_identifier_is_refused(string json)
    {
        AssertNeedsSector(await Server.SendJsonAsync(HttpMethod.Post, Server.AdminUrl + "/admin/clients", JsonNode.Parse(json)!));
        AssertNeedsSector(await Server.SendJsonAsync(HttpMethod.Post, Server.PublicUrl + "/oauth2/register", JsonNode.Parse(json)!));

        var id = await CreateAsync("""{"redirect_uris":["https://a.test/cb"]}""");
        AssertNeedsSector(await Server.SendJsonAsync(HttpMethod.Put, $"{Server.AdminUrl}/admin/clients/{id}", JsonNode.Parse(json)!));
    }

    [Fact]
    public async Task Patching_a_client_into_an_ambiguous_sector_is_refused()
    {
        var twoHosts = await CreateAsync("""{"redirect_uris":["https://a.test/cb","https://b.test/cb"]}""");
        AssertNeedsSector(await Server.SendJsonAsync(HttpMethod.Patch, $"{Server.AdminUrl}/admin/clients/{twoHosts}",
            JsonNode.Parse("""[{"op":"replace","path":"/subject_type","value":"pairwise"}]""")!));

        var pairwise = await CreateAsync("""{"subject_type":"pairwise","redirect_uris":["https://a.test/cb"]}""");
        AssertNeedsSector(await Server.SendJsonAsync(HttpMethod.Patch, $"{Server.AdminUrl}/admin/clients/{pairwise}",
            JsonNode.Parse("""[{"op":"add","path":"/redirect_uris/-","value":"https://b.test/cb"}]""")!));
        AssertNeedsSector(await Server.SendJsonAsync(HttpMethod.Patch, $"{Server.AdminUrl}/admin/clients/{pairwise}",
            JsonNode.Parse("""[{"op":"remove","path":"/redirect_uris/0"}]""")!));
    }

    [Theory]
    [InlineData("""{"subject_type":"pairwise","redirect_uris":["https://a.test/cb","https://A.test/other?x=1"]}""")]
    [InlineData("""{"subject_type":"pairwise","redirect_uris":["http://127.0.0.1:8080/cb"]}""")]
    [InlineData("""{"subject_type":"pairwise","grant_types":["client_credentials"]}""")]
    [InlineData("""{"subject_type":"public","redirect_uris":["https://a.test/cb","https://b.test/cb"]}""")]
    public async Task One_host_a_client_without_end_users_or_public_subjects_need_no_sector(string json)
    {
        await CreateAsync(json);
        Assert.Equal(201, (await Server.SendJsonAsync(HttpMethod.Post, Server.PublicUrl + "/oauth2/register", JsonNode.Parse(json)!)).Status);
    }

    [Fact]
    public async Task With_a_sector_identifier_uri_several_hosts_pass_and_the_document_is_still_checked()
    {
        var (sectors, sectorUrl) = await LoopbackWebApp.StartAsync(web =>
        {
            web.MapGet("/sector", () => Results.Json(new[] { "https://a.test/cb", "https://b.test/cb" }));
            web.MapGet("/partial", () => Results.Json(new[] { "https://a.test/cb" }));
        });
        await using var _ = sectors;
        // Dev mode lets the sector document be fetched over plain http from loopback.
        await using var server = await OAuth2HttpServer.StartAsync(new Dictionary<string, string>(OAuth2HttpFixture.Config) { ["dev"] = "true" });

        var request = new JsonObject
        {
            ["subject_type"] = "pairwise",
            ["redirect_uris"] = new JsonArray("https://a.test/cb", "https://b.test/cb"),
            ["sector_identifier_uri"] = sectorUrl + "/sector",
        };
        var (status, body) = await server.SendJsonAsync(HttpMethod.Post, server.AdminUrl + "/admin/clients", request);
        Assert.Equal(201, status);
        Assert.Equal(sectorUrl + "/sector", (string?)body!["sector_identifier_uri"]);
        Assert.Equal(201, (await server.SendJsonAsync(HttpMethod.Post, server.PublicUrl + "/oauth2/register", request)).Status);

        request["sector_identifier_uri"] = sectorUrl + "/partial";
        var (refused, error) = await server.SendJsonAsync(HttpMethod.Post, server.AdminUrl + "/admin/clients", request);
        Assert.Equal(400, refused);
        Assert.Contains("does not match values from sector_identifier_uri", (string?)error!["error_description"], StringComparison.Ordinal);
        await sectors.StopAsync();
    }
}
