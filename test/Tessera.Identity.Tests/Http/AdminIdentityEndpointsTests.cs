using System.Text.Json.Nodes;

namespace Tessera.Identity.Tests.Http;

public sealed class AdminIdentityEndpointsTests
{
    private static async Task<JsonObject> CreateAsync(IdentityHttpServer server, string body)
    {
        var (status, answer, _) = await server.SendAsync(HttpMethod.Post, server.AdminUrl + "/admin/identities", body);
        Assert.True(status == 201, $"{status} {answer?.ToJsonString()}");
        return answer!.AsObject();
    }

    [Fact]
    public async Task Create_answers_201_with_kratos_fields_and_the_default_schema()
    {
        await using var server = await IdentityHttpServer.StartAsync();
        var (status, body, response) = await server.SendAsync(HttpMethod.Post, server.AdminUrl + "/admin/identities",
            """{"traits":{"email":"alice@example.com","name":{"first":"Alice"}},"metadata_public":{"plan":"pro"},"external_id":"ext-alice"}""");
        Assert.Equal(201, status);
        var identity = body!.AsObject();
        var id = (string)identity["id"]!;
        Assert.True(Guid.TryParse(id, out _));
        // Kratos's Location: the admin base URL (here its --dev default: http, the host name, the configured port) + identities/<id>.
        Assert.Equal($"http://{System.Net.Dns.GetHostName()}:4434/identities/{id}", response.Headers.Location!.ToString());
        Assert.Equal("default", (string)identity["schema_id"]!);
        Assert.Equal("https://id.test/schemas/ZGVmYXVsdA", (string)identity["schema_url"]!);
        Assert.Equal("active", (string)identity["state"]!);
        Assert.Equal("alice@example.com", (string)identity["traits"]!["email"]!);
        Assert.Equal("pro", (string)identity["metadata_public"]!["plan"]!);
        Assert.Null(identity["metadata_admin"]);
        Assert.True(identity.ContainsKey("metadata_admin"));
        Assert.True(identity.ContainsKey("organization_id"));
        Assert.Equal("ext-alice", (string)identity["external_id"]!);
        var verifiable = identity["verifiable_addresses"]!.AsArray().Single()!;
        Assert.Equal("alice@example.com", (string)verifiable["value"]!);
        Assert.Equal("pending", (string)verifiable["status"]!);
        Assert.False((bool)verifiable["verified"]!);
        Assert.Equal("email", (string)verifiable["via"]!);
        Assert.Equal("alice@example.com", (string)identity["recovery_addresses"]!.AsArray().Single()!["value"]!);
        Assert.Equal("[\"alice@example.com\"]", identity["credentials"]!["password"]!["identifiers"]!.ToJsonString());
        Assert.Equal("code", (string)identity["credentials"]!["code"]!["type"]!);
        Assert.False(identity["credentials"]!["password"]!.AsObject().ContainsKey("config"));
        foreach (var time in new[] { "created_at", "updated_at", "state_changed_at" })
        {
            Assert.NotNull(Tessera.Platform.Json.JsonFields.ParseTime((string?)identity[time]));
        }

        var (getStatus, read, _) = await server.SendAsync(HttpMethod.Get, $"{server.AdminUrl}/admin/identities/{id}");
        Assert.Equal(200, getStatus);
        Assert.Equal(identity.ToJsonString(), read!.ToJsonString());

        var (externalStatus, byExternal, _) = await server.SendAsync(HttpMethod.Get, $"{server.AdminUrl}/admin/identities/by/external/ext-alice");
        Assert.Equal(200, externalStatus);
        Assert.Equal(id, (string)byExternal!["id"]!);
    }

    [Fact]
    public async Task The_location_of_a_created_identity_is_absolute_under_the_admin_base_url_and_served_without_the_admin_prefix()
    {
        await using var server = await IdentityHttpServer.StartAsync(new Dictionary<string, string> { ["serve.admin.base_url"] = "https://admin.example.com/kratos/" });
        var (status, created, response) = await server.SendAsync(HttpMethod.Post, server.AdminUrl + "/admin/identities", """{"traits":{"email":"loc@example.com"}}""");
        Assert.Equal(201, status);
        var id = (string)created!["id"]!;
        Assert.Equal($"https://admin.example.com/kratos/identities/{id}", response.Headers.Location!.ToString());

        // As Kratos's admin listener, every admin path answers without its /admin prefix too: the Location's path is served.
        var (readStatus, read, _) = await server.SendAsync(HttpMethod.Get, $"{server.AdminUrl}/identities/{id}");
        Assert.Equal(200, readStatus);
        Assert.Equal(created.ToJsonString(), read!.ToJsonString());
        Assert.Equal(200, (await server.SendAsync(HttpMethod.Get, $"{server.AdminUrl}/identities/{id}/sessions")).Status);
        Assert.Equal(200, (await server.SendAsync(HttpMethod.Get, $"{server.AdminUrl}/sessions")).Status);
        Assert.Equal(404, (await server.SendAsync(HttpMethod.Get, $"{server.PublicUrl}/identities/{id}")).Status);

        // The batch answers 200 without a Location, as Kratos's.
        var (batchStatus, _, batchResponse) = await server.SendAsync(HttpMethod.Patch, server.AdminUrl + "/identities",
            """{"identities":[{"create":{"traits":{"email":"batch@example.com"}}}]}""");
        Assert.Equal(200, batchStatus);
        Assert.Null(batchResponse.Headers.Location);
    }

    [Fact]
    public async Task Traits_the_schema_refuses_are_a_400_naming_the_field()
    {
        await using var server = await IdentityHttpServer.StartAsync();
        var (status, body, _) = await server.SendAsync(HttpMethod.Post, server.AdminUrl + "/admin/identities", """{"schema_id":"default","traits":{"email":"not-an-email"}}""");
        Assert.Equal(400, status);
        var error = body!["error"]!;
        Assert.Equal(400, (int)error["code"]!);
        Assert.Equal("Bad Request", (string)error["status"]!);
        Assert.Equal("The request was malformed or contained invalid parameters", (string)error["message"]!);
        Assert.Contains("#/traits/email", (string)error["reason"]!, StringComparison.Ordinal);

        (status, body, _) = await server.SendAsync(HttpMethod.Post, server.AdminUrl + "/admin/identities", """{"traits":{"name":{"first":"No email"}}}""");
        Assert.Equal(400, status);
        Assert.Contains("email", (string)body!["error"]!["reason"]!, StringComparison.Ordinal);

        (status, body, _) = await server.SendAsync(HttpMethod.Post, server.AdminUrl + "/admin/identities", """{"schema_id":"unknown","traits":{}}""");
        Assert.Equal(400, status);
        Assert.Contains("unknown", (string)body!["error"]!["reason"]!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("[]")]
    [InlineData("""{"traits":"text"}""")]
    [InlineData("""{"traits":{"email":"a@example.com"},"state":"deleted"}""")]
    [InlineData("""{"traits":{"email":"a@example.com"},"organization_id":"not-a-uuid"}""")]
    [InlineData("""{"traits":{"email":"a@example.com"},"schema_id":5}""")]
    public async Task Malformed_bodies_are_a_400_in_kratos_shape(string body)
    {
        await using var server = await IdentityHttpServer.StartAsync();
        var (status, answer, _) = await server.SendAsync(HttpMethod.Post, server.AdminUrl + "/admin/identities", body);
        Assert.Equal(400, status);
        Assert.Equal(400, (int)answer!["error"]!["code"]!);
        Assert.False(string.IsNullOrEmpty((string?)answer["error"]!["reason"]));
    }

    [Fact]
    public async Task A_taken_identifier_in_any_case_is_a_409()
    {
        await using var server = await IdentityHttpServer.StartAsync();
        await CreateAsync(server, """{"traits":{"email":"bob@example.com"}}""");
        var (status, body, _) = await server.SendAsync(HttpMethod.Post, server.AdminUrl + "/admin/identities", """{"traits":{"email":"BOB@Example.com"}}""");
        Assert.Equal(409, status);
        Assert.Equal("Conflict", (string)body!["error"]!["status"]!);
        Assert.Equal("This identity conflicts with another identity that already exists.", (string)body["error"]!["reason"]!);

        // An identifier from an array trait of another schema collides as well.
        (status, _, _) = await server.SendAsync(HttpMethod.Post, server.AdminUrl + "/admin/identities", """{"schema_id":"username","traits":{"username":"bobby","emails":["x@example.com","Bob@example.com"]}}""");
        Assert.Equal(409, status);
    }

    [Fact]
    public async Task List_pages_with_a_link_header_and_filters_by_identifier_ids_and_organization()
    {
        await using var server = await IdentityHttpServer.StartAsync();
        for (var i = 0; i < 3; i++)
        {
            await CreateAsync(server, "{\"traits\":{\"email\":\"user" + i + "@example.com\"}}");
        }

        await CreateAsync(server, """{"schema_id":"username","traits":{"username":"carol","emails":["carol@example.com"]}}""");

        var seen = new List<string>();
        var url = server.AdminUrl + "/admin/identities?page_size=3";
        var pages = 0;
        while (url is not null)
        {
            var (status, body, response) = await server.SendAsync(HttpMethod.Get, url);
            Assert.Equal(200, status);
            seen.AddRange(body!.AsArray().Select(i => (string)i!["id"]!));
            pages++;
            var next = response.Headers.GetValues("Link").Single().Split(',').FirstOrDefault(l => l.Contains("rel=\"next\"", StringComparison.Ordinal));
            url = next is null ? null : server.AdminUrl + next[(next.IndexOf('<', StringComparison.Ordinal) + 1)..next.IndexOf('>', StringComparison.Ordinal)];
        }

        Assert.Equal(2, pages);
        Assert.Equal(4, seen.Distinct().Count());

        var (_, found, _) = await server.SendAsync(HttpMethod.Get, server.AdminUrl + "/admin/identities?credentials_identifier=USER1@example.com");
        Assert.Equal("user1@example.com", (string)found!.AsArray().Single()!["traits"]!["email"]!);
        (_, found, _) = await server.SendAsync(HttpMethod.Get, server.AdminUrl + "/admin/identities?credentials_identifier=carol");
        Assert.Equal("username", (string)found!.AsArray().Single()!["schema_id"]!);
        (_, found, _) = await server.SendAsync(HttpMethod.Get, server.AdminUrl + "/admin/identities?credentials_identifier=nobody");
        Assert.Empty(found!.AsArray());

        var (_, byIds, idsResponse) = await server.SendAsync(HttpMethod.Get, $"{server.AdminUrl}/admin/identities?ids={seen[0]}&ids={seen[2]}&page_size=1");
        Assert.Equal(seen[0], (string)byIds!.AsArray().Single()!["id"]!);
        Assert.Contains($"ids={seen[2]}", idsResponse.Headers.GetValues("Link").Single(), StringComparison.Ordinal);

        var organization = Guid.NewGuid().ToString();
        var member = await CreateAsync(server, "{\"traits\":{\"email\":\"member@example.com\"},\"organization_id\":\"" + organization + "\"}");
        Assert.Equal(organization, (string)member["organization_id"]!);
        var (_, members, _) = await server.SendAsync(HttpMethod.Get, $"{server.AdminUrl}/admin/identities?organization_id={organization}");
        Assert.Equal((string)member["id"]!, (string)members!.AsArray().Single()!["id"]!);

        foreach (var (query, reason) in new[]
        {
            ("ids=12", "Invalid UUID value `12` for parameter `ids`."),
            ("organization_id=x", "Invalid UUID value `x` for parameter `organization_id`."),
            ($"ids={seen[0]}&credentials_identifier=carol", "You cannot combine multiple filters in this API"),
        })
        {
            var (refusedStatus, refused, _) = await server.SendAsync(HttpMethod.Get, $"{server.AdminUrl}/admin/identities?{query}");
            Assert.Equal(400, refusedStatus);
            Assert.Equal(reason, (string)refused!["error"]!["reason"]!);
        }

        var (badStatus, bad, _) = await server.SendAsync(HttpMethod.Get, server.AdminUrl + "/admin/identities?page_size=abc");
        Assert.Equal(400, badStatus);
        Assert.Equal("strconv.Atoi: parsing \"abc\": invalid syntax", (string)bad!["error"]!["reason"]!);
    }

    [Fact]
    public async Task List_reads_page_sizes_as_kratos_does_per_page_for_page_size_and_out_of_range_sizes_held_to_the_range()
    {
        await using var server = await IdentityHttpServer.StartAsync();
        for (var i = 0; i < 3; i++)
        {
            await CreateAsync(server, "{\"traits\":{\"email\":\"user" + i + "@example.com\"}}");
        }

        // per_page (the SDK's deprecated perPage) stands for page_size, and the links page on with page_size.
        var (status, page, response) = await server.SendAsync(HttpMethod.Get, server.AdminUrl + "/admin/identities?per_page=2");
        Assert.Equal(200, status);
        Assert.Equal(2, page!.AsArray().Count);
        Assert.Contains("page_size=2&page_token=", response.Headers.GetValues("Link").Single(), StringComparison.Ordinal);

        // page_size wins over per_page when both are given.
        (_, page, _) = await server.SendAsync(HttpMethod.Get, server.AdminUrl + "/admin/identities?page_size=1&per_page=2");
        Assert.Single(page!.AsArray());

        // Below 1: the default size; above the maximum: the maximum (Kratos answers both).
        foreach (var size in new[] { "0", "-3", "5000" })
        {
            (status, page, _) = await server.SendAsync(HttpMethod.Get, server.AdminUrl + "/admin/identities?page_size=" + size);
            Assert.Equal(200, status);
            Assert.Equal(3, page!.AsArray().Count);
        }
    }

    [Fact]
    public async Task List_pages_by_page_number_when_asked_with_kratos_total_and_links()
    {
        await using var server = await IdentityHttpServer.StartAsync();
        async Task<(int Status, List<string> Ids, string? Total, string? Link, JsonNode? Body)> PageAsync(string query)
        {
            var (status, body, response) = await server.SendAsync(HttpMethod.Get, server.AdminUrl + "/admin/identities?" + query);
            var ids = status == 200 ? body!.AsArray().Select(i => (string)i!["id"]!).ToList() : [];
            return (status, ids, response.Headers.TryGetValues("X-Total-Count", out var total) ? total.Single() : null,
                response.Headers.TryGetValues("Link", out var link) ? link.Single() : null, body);
        }

        // Nothing there: ory/x still links a next and a prev page.
        var empty = await PageAsync("page=0");
        Assert.Equal("0", empty.Total);
        Assert.Equal("</admin/identities?page=0&per_page=250>; rel=\"first\",</admin/identities?page=1&per_page=250>; rel=\"next\",</admin/identities?page=-1&per_page=250>; rel=\"prev\"", empty.Link);

        for (var i = 0; i < 5; i++)
        {
            await CreateAsync(server, "{\"traits\":{\"email\":\"user" + i + "@example.com\"}}");
        }

        var all = (await PageAsync("page_size=10")).Ids;

        // page counts from 0, as in Kratos (it hands page + 1 to its paginator); a client looping until an empty page stops.
        var seen = new List<string>();
        var links = new List<string?>();
        for (var number = 0; ; number++)
        {
            Assert.True(number < 10, "the pages never ran out");
            var page = await PageAsync($"page={number}&per_page=2");
            Assert.Equal(200, page.Status);
            Assert.Equal("5", page.Total);
            links.Add(page.Link);
            if (page.Ids.Count == 0)
            {
                break;
            }

            seen.AddRange(page.Ids);
        }

        Assert.Equal(all, seen);
        Assert.Equal("</admin/identities?page=1&per_page=2>; rel=\"next\",</admin/identities?page=2&per_page=2>; rel=\"last\"", links[0]);
        Assert.Equal("</admin/identities?page=0&per_page=2>; rel=\"first\",</admin/identities?page=2&per_page=2>; rel=\"next\",</admin/identities?page=0&per_page=2>; rel=\"prev\",</admin/identities?page=2&per_page=2>; rel=\"last\"", links[1]);
        Assert.Equal("</admin/identities?page=0&per_page=2>; rel=\"first\",</admin/identities?page=1&per_page=2>; rel=\"prev\"", links[2]);
        Assert.Equal(links[2], links[3]);

        // per_page: 250 by default and when it does not parse, held to 1 … 500; a negative or unparsable page is 0.
        Assert.Equal(all, (await PageAsync("page=&per_page=abc")).Ids);
        Assert.Equal(all.Take(1), (await PageAsync("page=x&per_page=0")).Ids);
        Assert.Equal(all.Take(1), (await PageAsync("page=-3&per_page=-1")).Ids);
        Assert.Equal("</admin/identities?page=0&per_page=5>; rel=\"first\"", (await PageAsync("page=0&per_page=9000")).Link);

        // page_size or page_token choose keyset paging whatever page says.
        var keyset = await PageAsync("page=2&page_size=2");
        Assert.Equal(all.Take(2), keyset.Ids);
        Assert.Null(keyset.Total);

        // The filters stay in the links; the total is every identity, except under credentials_identifier (the page's length).
        var found = await PageAsync("page=0&credentials_identifier=User1@Example.com");
        Assert.Single(found.Ids);
        Assert.Equal("1", found.Total);
        Assert.Equal("</admin/identities?credentials_identifier=User1%40Example.com&page=0&per_page=1>; rel=\"first\"", found.Link);
        var byIds = await PageAsync($"ids={all[3]}&ids={all[1]}&page=1&per_page=1");
        Assert.Equal([all[3]], byIds.Ids);
        Assert.Equal("5", byIds.Total);
        Assert.StartsWith($"</admin/identities?ids={all[3]}&ids={all[1]}&page=0&per_page=1>; rel=\"first\"", byIds.Link, StringComparison.Ordinal);

        // No further than the first 1000 identities; the filters are checked first.
        Assert.Equal(200, (await PageAsync("page=4")).Status);
        var beyond = await PageAsync("page=5");
        Assert.Equal(400, beyond.Status);
        Assert.Equal("Legacy pagination is not supported for enumerating over 1000 items. Please switch to using page_token and page_size.", (string)beyond.Body!["error"]!["reason"]!);
        Assert.Equal(200, (await PageAsync("page=2&per_page=501")).Status);
        Assert.Equal(400, (await PageAsync("page=3&per_page=501")).Status);
        Assert.Equal("Invalid UUID value `12` for parameter `ids`.", (string)(await PageAsync("ids=12&page=9")).Body!["error"]!["reason"]!);
    }

    [Fact]
    public async Task Update_replaces_traits_state_and_metadata_and_moves_identifiers()
    {
        await using var server = await IdentityHttpServer.StartAsync();
        var created = await CreateAsync(server, """{"traits":{"email":"dave@example.com"},"metadata_admin":{"note":"x"},"external_id":"ext-dave"}""");
        var id = (string)created["id"]!;
        var (status, body, _) = await server.SendAsync(HttpMethod.Put, $"{server.AdminUrl}/admin/identities/{id}",
            """{"schema_id":"default","state":"inactive","traits":{"email":"dave2@example.com"},"metadata_public":{"a":1}}""");
        Assert.Equal(200, status);
        Assert.Equal("inactive", (string)body!["state"]!);
        Assert.Equal("dave2@example.com", (string)body["traits"]!["email"]!);
        Assert.Equal(1, (int)body["metadata_public"]!["a"]!);
        Assert.Null(body["metadata_admin"]);
        Assert.False(body.AsObject().ContainsKey("external_id"));
        Assert.Equal((string)created["created_at"]!, (string)body["created_at"]!);

        // The old identifier is free again, the new one is taken.
        await CreateAsync(server, """{"traits":{"email":"dave@example.com"}}""");
        (status, _, _) = await server.SendAsync(HttpMethod.Post, server.AdminUrl + "/admin/identities", """{"traits":{"email":"Dave2@example.com"}}""");
        Assert.Equal(409, status);

        (status, body, _) = await server.SendAsync(HttpMethod.Put, $"{server.AdminUrl}/admin/identities/{id}", """{"traits":{"email":"bad"}}""");
        Assert.Equal(400, status);
        Assert.Contains("#/traits/email", (string)body!["error"]!["reason"]!, StringComparison.Ordinal);
        (status, _, _) = await server.SendAsync(HttpMethod.Put, $"{server.AdminUrl}/admin/identities/{id}", """{"traits":{"email":"dave@example.com"}}""");
        Assert.Equal(409, status);
        (status, body, _) = await server.SendAsync(HttpMethod.Put, $"{server.AdminUrl}/admin/identities/{Guid.NewGuid()}", """{"traits":{"email":"z@example.com"}}""");
        Assert.Equal(404, status);
        Assert.Equal("Unable to locate the resource", (string)body!["error"]!["message"]!);
    }

    [Fact]
    public async Task Patch_applies_a_json_patch_validates_and_keeps_the_id()
    {
        await using var server = await IdentityHttpServer.StartAsync();
        var created = await CreateAsync(server, """{"traits":{"email":"fay@example.com"},"metadata_public":{"a":1}}""");
        var url = $"{server.AdminUrl}/admin/identities/{(string)created["id"]!}";
        server.Time.Advance(TimeSpan.FromMinutes(1));
        var (status, body, _) = await server.SendAsync(HttpMethod.Patch, url,
            """[{"op":"replace","path":"/traits/email","value":"fay2@example.com"},{"op":"replace","path":"/state","value":"inactive"},{"op":"remove","path":"/metadata_public/a"}]""");
        Assert.True(status == 200, body?.ToJsonString());
        Assert.Equal("fay2@example.com", (string)body!["traits"]!["email"]!);
        Assert.Equal("inactive", (string)body["state"]!);
        Assert.Equal("{}", body["metadata_public"]!.ToJsonString());
        Assert.NotEqual((string)created["state_changed_at"]!, (string)body["state_changed_at"]!);

        // The new identifier is the one taken now.
        (status, _, _) = await server.SendAsync(HttpMethod.Post, server.AdminUrl + "/admin/identities", """{"traits":{"email":"FAY2@example.com"}}""");
        Assert.Equal(409, status);

        foreach (var refused in new[]
        {
            """[{"op":"replace","path":"/id","value":"00000000-0000-0000-0000-000000000000"}]""",
            """[{"op":"replace","path":"/traits/email","value":"not an email"}]""",
            """[{"op":"replace","path":"/nothing/here","value":1}]""",
            """[{"op":"add","path":"/credentials","value":{"password":{"config":{"password":"x"}}}}]""",
            """{"op":"replace"}""",
        })
        {
            (status, body, _) = await server.SendAsync(HttpMethod.Patch, url, refused);
            Assert.True(status == 400, refused);
            Assert.Equal(400, (int)body!["error"]!["code"]!);
            Assert.Equal("The request was malformed or contained invalid parameters", (string)body["error"]!["message"]!);
        }

        (status, _, _) = await server.SendAsync(HttpMethod.Patch, $"{server.AdminUrl}/admin/identities/{Guid.NewGuid()}", "[]");
        Assert.Equal(404, status);
    }

    [Fact]
    public async Task Delete_answers_204_then_404s()
    {
        await using var server = await IdentityHttpServer.StartAsync();
        var id = (string)(await CreateAsync(server, """{"traits":{"email":"erin@example.com"}}"""))["id"]!;
        var (status, _, _) = await server.SendAsync(HttpMethod.Delete, $"{server.AdminUrl}/admin/identities/{id}");
        Assert.Equal(204, status);
        var (getStatus, body, _) = await server.SendAsync(HttpMethod.Get, $"{server.AdminUrl}/admin/identities/{id}");
        Assert.Equal(404, getStatus);
        Assert.Equal(404, (int)body!["error"]!["code"]!);
        Assert.Equal("Not Found", (string)body["error"]!["status"]!);
        (status, _, _) = await server.SendAsync(HttpMethod.Delete, $"{server.AdminUrl}/admin/identities/{id}");
        Assert.Equal(404, status);
        (status, _, _) = await server.SendAsync(HttpMethod.Get, $"{server.AdminUrl}/admin/identities/by/external/none");
        Assert.Equal(404, status);

        // The identifier is free again.
        await CreateAsync(server, """{"traits":{"email":"erin@example.com"}}""");
    }

    [Fact]
    public async Task The_admin_api_is_not_on_the_public_listener()
    {
        await using var server = await IdentityHttpServer.StartAsync();
        var (status, _, _) = await server.SendAsync(HttpMethod.Get, server.PublicUrl + "/admin/identities");
        Assert.Equal(404, status);
    }
}
