using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Tessera.Platform.Persistence;
using Tessera.Proxy.Storage;
using Tessera.Testing;

namespace Tessera.Proxy.Tests.Http;

/// <summary>The rules admin API over HTTP on a real server, with its rules in a SQLite file.</summary>
public sealed class RuleAdminEndpointsTests : IDisposable
{
    private const string Decision = "https://api.test/one";

    private readonly TempFolder folder = new("tessera-proxy-sql");

    public void Dispose() => folder.Dispose();

    private static string Rule(string id, string path = "one", string authorizer = "allow")
        => $$$"""{"id":"{{{id}}}","match":{"url":"https://api.test/{{{path}}}","methods":["GET"]},"authenticators":[{"handler":"noop"}],"authorizer":{"handler":"{{{authorizer}}}"},"mutators":[{"handler":"noop"}]}""";

    private async Task<string> MigratedDsnAsync()
    {
        var dsn = $"sqlite://{folder.File("rules.sqlite")}?_fk=true";
        await using var database = Database.Open(dsn);
        await new Migrator(database, RuleStore.Migrations).ApplyAsync(CancellationToken.None);
        return dsn;
    }

    private static Dictionary<string, string> Config(params string[] repositories)
    {
        var config = ProxyTestRuntime.Repositories(repositories);
        config["access_rules.refresh_interval"] = "0s";
        foreach (var key in new[] { "authenticators.noop", "authorizers.allow", "authorizers.deny", "mutators.noop" })
        {
            config[key + ".enabled"] = "true";
        }

        return config;
    }

    private static async Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> SendAsync(ProxyHttpServer server, HttpMethod method, string path, string? body = null)
    {
        using var request = new HttpRequestMessage(method, server.ApiUrl + path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");

            // An oversized body waits for the early 413 instead of racing the server's close with its upload.
            request.Headers.ExpectContinue = body.Length > 1 << 20;
        }

        var response = await server.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length > 0 ? JsonNode.Parse(text) : null, response);
    }

    private static async Task<HttpStatusCode> DecideAsync(ProxyHttpServer server)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, server.ApiUrl + "/decisions/one");
        request.Headers.TryAddWithoutValidation("X-Forwarded-Proto", "https");
        request.Headers.TryAddWithoutValidation("X-Forwarded-Host", "api.test");
        using var response = await server.Http.SendAsync(request);
        return response.StatusCode;
    }

    private static void AssertOryError(JsonNode? body, int code, string reasonPart)
    {
        Assert.Equal(code, (int)body!["error"]!["code"]!);
        Assert.Contains(reasonPart, (string?)body["error"]!["reason"] ?? (string?)body["error"]!["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_get_list_replace_delete_round_trip_and_apply_at_once()
    {
        await using var server = await ProxyHttpServer.StartAsync(Config(await MigratedDsnAsync()));
        Assert.Equal(HttpStatusCode.NotFound, await DecideAsync(server));

        var (status, body, response) = await SendAsync(server, HttpMethod.Post, "/admin/rules", Rule("one"));
        Assert.Equal(201, status);
        Assert.Equal("/admin/rules/one", response.Headers.Location?.ToString());
        Assert.Equal("one", (string?)body!["id"]);
        Assert.Equal("https://api.test/one", (string?)body["match"]!["url"]);
        // In force on this instance before the answer: listed in /rules and judged by /decisions.
        Assert.Equal(200, (await server.GetAsync(server.ApiUrl + "/rules/one")).Status);
        Assert.Equal(HttpStatusCode.OK, await DecideAsync(server));
        Assert.Null(server.Runtime.Rules.NotReadyReason());

        (status, body, _) = await SendAsync(server, HttpMethod.Post, "/admin/rules", Rule("one", "other"));
        Assert.Equal(409, status);
        AssertOryError(body, 409, "a rule with the id \"one\" exists already");

        (status, body, _) = await SendAsync(server, HttpMethod.Get, "/admin/rules/one");
        Assert.Equal(200, status);
        var (_, inForce) = await server.GetAsync(server.ApiUrl + "/rules/one");
        Assert.True(JsonNode.DeepEquals(inForce, body), body?.ToJsonString());

        (status, body, response) = await SendAsync(server, HttpMethod.Put, "/admin/rules/one", Rule("one", authorizer: "deny"));
        Assert.Equal(200, status);
        Assert.Null(response.Headers.Location);
        Assert.Equal("deny", (string?)body!["authorizer"]!["handler"]);
        Assert.Equal(HttpStatusCode.Forbidden, await DecideAsync(server));

        // PUT of a new id creates it; the id may be left out of the body.
        (status, body, _) = await SendAsync(server, HttpMethod.Put, "/admin/rules/two", """{"match":{"url":"https://api.test/two","methods":["GET"]}}""");
        Assert.Equal(201, status);
        Assert.Equal("two", (string?)body!["id"]);

        (status, body, _) = await SendAsync(server, HttpMethod.Get, "/admin/rules");
        Assert.Equal(200, status);
        Assert.Equal(["one", "two"], body!.AsArray().Select(r => (string?)r!["id"]));
        (_, body, _) = await SendAsync(server, HttpMethod.Get, "/admin/rules?limit=1&offset=1");
        Assert.Equal(["two"], body!.AsArray().Select(r => (string?)r!["id"]));

        (status, body, _) = await SendAsync(server, HttpMethod.Delete, "/admin/rules/one");
        Assert.Equal(204, status);
        Assert.Null(body);
        Assert.Equal(404, (await server.GetAsync(server.ApiUrl + "/rules/one")).Status);
        Assert.Equal(HttpStatusCode.NotFound, await DecideAsync(server));

        (status, body, _) = await SendAsync(server, HttpMethod.Delete, "/admin/rules/one");
        Assert.Equal(404, status);
        AssertOryError(body, 404, "The requested resource could not be found");
        (status, body, _) = await SendAsync(server, HttpMethod.Get, "/admin/rules/one");
        Assert.Equal(404, status);
        AssertOryError(body, 404, "The requested resource could not be found");
    }

    [Theory]
    [InlineData("""{"id":"x","match":{"url":"","methods":["GET"]}}""", "match.url must not be empty")]
    [InlineData("""{"id":"x","match":{"url":"https://api.test/<[>","methods":["GET"]}}""", "match.url")]
    [InlineData("""{"id":"x","match":{"url":"https://api.test/x","methods":"GET"}}""", "match.methods must be an array of strings")]
    [InlineData("""{"id":"x","match":{"url":"https://api.test/x"},"upstream":{"url":"ftp://x"}}""", "upstream.url \"ftp://x\" is not an absolute http(s) URL")]
    [InlineData("""{"id":"x","match":{"url":"https://api.test/x"},"authorizer":"allow"}""", "authorizer must be an object")]
    [InlineData("""{"id":7,"match":{"url":"https://api.test/x"}}""", "id must be a string")]
    [InlineData("""{"match":{"url":"https://api.test/x"}}""", "id must be set")]
    [InlineData("""[{"id":"x"}]""", "the body must be a JSON object")]
    [InlineData("""{"id":"x",""", "the body is not valid JSON")]
    [InlineData("", "the body is not valid JSON")]
    public async Task A_bad_rule_is_a_400_in_orys_shape_naming_the_field_and_nothing_is_written(string rule, string reason)
    {
        await using var server = await ProxyHttpServer.StartAsync(Config(await MigratedDsnAsync()));
        var (status, body, _) = await SendAsync(server, HttpMethod.Post, "/admin/rules", rule);
        Assert.Equal(400, status);
        AssertOryError(body, 400, reason);
        Assert.Equal("Bad Request", (string?)body!["error"]!["status"]);
        (_, body, _) = await SendAsync(server, HttpMethod.Get, "/admin/rules");
        Assert.Empty(body!.AsArray());
    }

    [Fact]
    public async Task Put_refuses_a_body_whose_id_is_not_the_paths()
    {
        await using var server = await ProxyHttpServer.StartAsync(Config(await MigratedDsnAsync()));
        var (status, body, _) = await SendAsync(server, HttpMethod.Put, "/admin/rules/a", Rule("b"));
        Assert.Equal(400, status);
        AssertOryError(body, 400, "id \"b\" is not the id in the path (\"a\")");
    }

    [Fact]
    public async Task Other_methods_are_405_unknown_paths_404_and_big_bodies_413_all_as_json()
    {
        await using var server = await ProxyHttpServer.StartAsync(Config(await MigratedDsnAsync()));
        var (status, body, response) = await SendAsync(server, HttpMethod.Patch, "/admin/rules/one", "{}");
        Assert.Equal(405, status);
        Assert.Equal(405, (int)body!["error"]!["code"]!);
        Assert.Contains("PUT", response.Content.Headers.Allow);

        (status, body, _) = await SendAsync(server, HttpMethod.Delete, "/admin/rules");
        Assert.Equal(405, status);
        Assert.Equal(405, (int)body!["error"]!["code"]!);

        (status, body, _) = await SendAsync(server, HttpMethod.Get, "/admin/rules/one/more");
        Assert.Equal(404, status);
        Assert.Equal(404, (int)body!["error"]!["code"]!);

        var huge = Rule("big").Replace("{\"id\"", "{\"description\":\"" + new string('x', 2 << 20) + "\",\"id\"", StringComparison.Ordinal);
        (status, body, _) = await SendAsync(server, HttpMethod.Post, "/admin/rules", huge);
        Assert.Equal(413, status);
        Assert.Equal(413, (int)body!["error"]!["code"]!);
        (_, body, _) = await SendAsync(server, HttpMethod.Get, "/admin/rules");
        Assert.Empty(body!.AsArray());
    }

    [Fact]
    public async Task Without_a_sql_repository_there_is_no_admin_api()
    {
        await using var server = await ProxyHttpServer.StartAsync(Config(ProxyTestRuntime.Inline("[" + Rule("one") + "]")));
        var (status, body, _) = await SendAsync(server, HttpMethod.Get, "/admin/rules");
        Assert.Equal(404, status);
        Assert.Equal(404, (int)body!["error"]!["code"]!);
        Assert.Equal(404, (await SendAsync(server, HttpMethod.Post, "/admin/rules", Rule("two"))).Status);
    }

    [Fact]
    public async Task An_unmigrated_database_is_not_ready_and_the_admin_api_answers_503_saying_to_migrate()
    {
        var dsn = $"sqlite://{folder.File("empty.sqlite")}?_fk=true";
        await using var server = await ProxyHttpServer.StartAsync(Config(dsn));
        var (status, body) = await server.GetAsync(server.ApiUrl + "/health/ready");
        Assert.Equal(503, status);
        Assert.Contains("tessera migrate sql --service proxy", body!.ToJsonString(), StringComparison.Ordinal);

        (status, body, _) = await SendAsync(server, HttpMethod.Post, "/admin/rules", Rule("one"));
        Assert.Equal(503, status);
        AssertOryError(body, 503, "tessera migrate sql --service proxy");
    }
}
