using System.Text;
using System.Text.Json.Nodes;

namespace Tessera.Proxy.Tests.Http;

public sealed class RuleEndpointsTests
{
    private static string Rules(int count)
    {
        var json = new StringBuilder("[");
        for (var i = 0; i < count; i++)
        {
            json.Append(i == 0 ? "" : ",").Append($$$"""{"id":"r{{{i:000}}}","match":{"url":"https://api.test/{{{i}}}","methods":["GET"]}}""");
        }

        return json.Append(']').ToString();
    }

    [Fact]
    public async Task Get_rule_answers_oathkeepers_shape_and_404_in_orys_error_shape()
    {
        const string Document = """
            [{"id":"full","version":"v0.40.0","description":"all fields","match":{"url":"https://api.test/<.*>","methods":["GET","POST"]},
              "upstream":{"url":"http://backend:8080","preserve_host":true,"strip_path":"/api"},
              "authenticators":[{"handler":"jwt","config":{"required_scope":["a"]}}],"authorizer":{"handler":"allow"},
              "mutators":[{"handler":"noop"}]}]
            """;
        await using var server = await ProxyHttpServer.StartAsync(ProxyTestRuntime.Repositories(ProxyTestRuntime.Inline(Document)));
        var (status, body) = await server.GetAsync(server.ApiUrl + "/rules/full");
        Assert.Equal(200, status);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""
            {"id":"full","version":"v0.40.0","description":"all fields","match":{"methods":["GET","POST"],"url":"https://api.test/<.*>"},
             "authenticators":[{"handler":"jwt","config":{"required_scope":["a"]}}],"authorizer":{"handler":"allow","config":null},
             "mutators":[{"handler":"noop","config":null}],"errors":null,
             "upstream":{"preserve_host":true,"strip_path":"/api","url":"http://backend:8080"}}
            """), body), body?.ToJsonString());

        (status, body) = await server.GetAsync(server.ApiUrl + "/rules/absent");
        Assert.Equal(404, status);
        Assert.Equal(404, (int)body!["error"]!["code"]!);
        Assert.Equal("Not Found", (string?)body["error"]!["status"]);
        Assert.Equal("The requested resource could not be found", (string?)body["error"]!["message"]);

        // The rule API is on the api listener only.
        Assert.Equal(404, (await server.GetAsync(server.ProxyUrl + "/rules")).Status);
    }

    [Theory]
    [InlineData("", 0, 50)]
    [InlineData("?limit=10", 0, 10)]
    [InlineData("?limit=10&offset=595", 595, 5)]
    [InlineData("?offset=700", 0, 0)]
    [InlineData("?limit=1000", 0, 500)]
    [InlineData("?limit=-3", 0, 0)]
    [InlineData("?limit=abc&offset=-4", 0, 50)]
    [InlineData("?limit=2&offset=x", 0, 2)]
    public async Task List_pages_with_limit_and_offset_as_oathkeeper(string query, int first, int count)
    {
        await using var server = await ProxyHttpServer.StartAsync(ProxyTestRuntime.Repositories(ProxyTestRuntime.Inline(Rules(600))));
        var (status, body) = await server.GetAsync(server.ApiUrl + "/rules" + query);
        Assert.Equal(200, status);
        var page = body!.AsArray();
        Assert.Equal(count, page.Count);
        if (count > 0)
        {
            Assert.Equal($"r{first:000}", (string?)page[0]!["id"]);
        }
    }

    [Fact]
    public async Task Readiness_names_a_broken_source_and_no_rules()
    {
        await using var broken = await ProxyHttpServer.StartAsync(ProxyTestRuntime.Repositories(ProxyTestRuntime.Inline(Rules(1)), ProxyTestRuntime.Inline("""[{"id":"bad","match":{"url":"https://x/<[>"}}]""")));
        var (status, body) = await broken.GetAsync(broken.ApiUrl + "/health/ready");
        Assert.Equal(503, status);
        var reason = (string?)body!["errors"]!["rules"];
        Assert.Contains("access_rules.repositories[1] (inline): rule \"bad\": match.url", reason, StringComparison.Ordinal);
        Assert.Equal(503, (await broken.GetAsync(broken.ProxyUrl + "/health/ready")).Status);
        Assert.Single((await broken.GetAsync(broken.ApiUrl + "/rules")).Body!.AsArray());

        await using var empty = await ProxyHttpServer.StartAsync(new Dictionary<string, string>());
        (status, body) = await empty.GetAsync(empty.ApiUrl + "/health/ready");
        Assert.Equal(503, status);
        Assert.Equal("No rules found.", (string?)body!["errors"]!["rules"]);
        Assert.Equal("[]", (await empty.GetAsync(empty.ApiUrl + "/rules")).Body!.ToJsonString());

        await using var good = await ProxyHttpServer.StartAsync(ProxyTestRuntime.Repositories(ProxyTestRuntime.Inline(Rules(2))));
        Assert.Equal(200, (await good.GetAsync(good.ApiUrl + "/health/ready")).Status);
    }
}
