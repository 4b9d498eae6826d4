using System.Text.Json.Nodes;

namespace Tessera.Identity.Tests.Http;

public sealed class SchemaEndpointsTests
{
    [Fact]
    public async Task Schemas_are_listed_as_id_and_schema_and_paged_with_a_link_header()
    {
        await using var server = await IdentityHttpServer.StartAsync();
        var (status, body, response) = await server.SendAsync(HttpMethod.Get, server.PublicUrl + "/schemas");
        Assert.Equal(200, status);
        var list = body!.AsArray();
        Assert.Equal(["default", "username"], list.Select(s => (string)s!["id"]!));
        Assert.Equal("Person", (string)list[0]!["schema"]!["title"]!);
        Assert.Contains("rel=\"first\"", response.Headers.GetValues("Link").Single(), StringComparison.Ordinal);

        var (_, first, paged) = await server.SendAsync(HttpMethod.Get, server.PublicUrl + "/schemas?page_size=1");
        Assert.Equal("default", (string)first!.AsArray().Single()!["id"]!);
        var next = paged.Headers.GetValues("Link").Single().Split(',')[0];
        Assert.Contains("rel=\"next\"", next, StringComparison.Ordinal);
        Assert.Equal("2", paged.Headers.GetValues("X-Total-Count").Single());
        var nextPath = next[(next.IndexOf('<', StringComparison.Ordinal) + 1)..next.IndexOf('>', StringComparison.Ordinal)];
        var (_, second, _) = await server.SendAsync(HttpMethod.Get, server.PublicUrl + nextPath);
        Assert.Equal("username", (string)second!.AsArray().Single()!["id"]!);

        // As Kratos's offset lists: per_page is the size without page_size; a size that is no integer is the default,
        // one out of range is held to 1 … 1000.
        foreach (var (query, count) in new[] { ("per_page=1", 1), ("page_size=x", 2), ("page_size=0", 1), ("per_page=-1", 1), ("page_size=100000", 2) })
        {
            var (sizedStatus, sized, _) = await server.SendAsync(HttpMethod.Get, server.PublicUrl + "/schemas?" + query);
            Assert.True(sizedStatus == 200, query);
            Assert.Equal(count, sized!.AsArray().Count);
        }
    }

    [Fact]
    public async Task A_schema_is_served_raw_by_its_id_or_its_base64url_id_on_both_listeners()
    {
        await using var server = await IdentityHttpServer.StartAsync();
        var expected = JsonNode.Parse(IdentityTestSchemas.Email)!.ToJsonString();
        foreach (var url in new[] { server.PublicUrl + "/schemas/default", server.PublicUrl + "/schemas/ZGVmYXVsdA", server.AdminUrl + "/admin/schemas/default", server.AdminUrl + "/schemas/default" })
        {
            var (status, body, _) = await server.SendAsync(HttpMethod.Get, url);
            Assert.True(status == 200, url);
            Assert.Equal(expected, body!.ToJsonString());
        }
    }

    [Fact]
    public async Task An_unknown_schema_is_a_404_in_kratos_shape()
    {
        await using var server = await IdentityHttpServer.StartAsync();
        var (status, body, _) = await server.SendAsync(HttpMethod.Get, server.PublicUrl + "/schemas/nope");
        Assert.Equal(404, status);
        Assert.Equal(404, (int)body!["error"]!["code"]!);
        Assert.Equal("Not Found", (string)body["error"]!["status"]!);
        Assert.Contains("nope", (string)body["error"]!["reason"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_default_schema_id_that_names_no_schema_stops_the_start()
    {
        var e = await Assert.ThrowsAsync<Tessera.Platform.Configuration.ConfigException>(
            () => IdentityHttpServer.StartAsync(new Dictionary<string, string> { ["identity.default_schema_id"] = "missing" }));
        Assert.Contains("missing", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_schema_url_of_an_unsupported_scheme_stops_the_start_naming_it()
    {
        var e = await Assert.ThrowsAsync<Tessera.Platform.Configuration.ConfigException>(
            () => IdentityHttpServer.StartAsync(new Dictionary<string, string> { ["identity.schemas"] = """[{"id":"default","url":"ftp://x/y.json"}]""" }));
        Assert.Contains("ftp://x/y.json", e.Message, StringComparison.Ordinal);
    }
}
