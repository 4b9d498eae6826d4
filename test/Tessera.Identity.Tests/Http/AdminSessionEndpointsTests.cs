using System.Text.Json.Nodes;
using static Tessera.Identity.Tests.Http.SessionTestData;

namespace Tessera.Identity.Tests.Http;

public sealed class AdminSessionEndpointsTests
{
    [Fact]
    public async Task Lists_pages_filters_and_expands()
    {
        await using var server = await IdentityHttpServer.StartAsync();
        var alice = await IdentityAsync(server, "alice@example.com");
        var first = await IssueAsync(server, alice);
        server.Time.Advance(TimeSpan.FromSeconds(1));
        var second = await IssueAsync(server, alice);
        server.Time.Advance(TimeSpan.FromSeconds(1));
        var bobs = await IssueAsync(server, await IdentityAsync(server, "bob@example.com"));
        Assert.Equal(204, (await server.SendAsync(HttpMethod.Delete, server.AdminUrl + $"/admin/sessions/{second.Session.Id}")).Status);

        var (status, body, response) = await server.SendAsync(HttpMethod.Get, server.AdminUrl + "/admin/sessions?page_size=2");
        Assert.Equal(200, status);
        Assert.Equal([first.Session.Id, second.Session.Id], body!.AsArray().Select(s => (string)s!["id"]!));
        Assert.Null(body[0]!["identity"]);
        Assert.Null(body[0]!["devices"]);
        var link = response.Headers.GetValues("Link").Single();
        var next = link[(link.IndexOf('<') + 1)..link.IndexOf('>')];
        (_, body, _) = await server.SendAsync(HttpMethod.Get, server.AdminUrl + next);
        Assert.Equal(bobs.Session.Id, (string)Assert.Single(body!.AsArray())!["id"]!);

        (_, body, _) = await server.SendAsync(HttpMethod.Get, server.AdminUrl + "/admin/sessions?active=true&expand=identity&expand=Devices");
        Assert.Equal([first.Session.Id, bobs.Session.Id], body!.AsArray().Select(s => (string)s!["id"]!));
        Assert.Equal((string)alice["id"]!, (string)body[0]!["identity"]!["id"]!);
        Assert.Equal(1, (int)body[0]!["identity"]!["metadata_admin"]!["secret"]!);
        Assert.Equal("192.0.2.7", (string)body[0]!["devices"]![0]!["ip_address"]!);
        (_, body, _) = await server.SendAsync(HttpMethod.Get, server.AdminUrl + "/admin/sessions?active=false");
        var inactive = Assert.Single(body!.AsArray())!;
        Assert.Equal(second.Session.Id, (string)inactive["id"]!);
        Assert.False((bool)inactive["active"]!);

        Assert.Equal(400, (await server.SendAsync(HttpMethod.Get, server.AdminUrl + "/admin/sessions?active=maybe")).Status);
        (status, body, _) = await server.SendAsync(HttpMethod.Get, server.AdminUrl + "/admin/sessions?page_size=many");
        Assert.Equal(400, status);
        Assert.Equal("could not parse parameter page_size", (string)body!["error"]!["message"]!);
        (status, body, _) = await server.SendAsync(HttpMethod.Get, server.AdminUrl + "/admin/sessions?page_size=0");
        Assert.Equal(200, status);
        Assert.Equal(3, body!.AsArray().Count);
        (_, body, response) = await server.SendAsync(HttpMethod.Get, server.AdminUrl + $"/admin/identities/{alice["id"]}/sessions?per_page=1");
        Assert.Single(body!.AsArray());
        Assert.Equal("2", response.Headers.GetValues("X-Total-Count").Single());
        (_, _, response) = await server.SendAsync(HttpMethod.Get, server.AdminUrl + $"/admin/identities/{alice["id"]}/sessions?active=true");
        Assert.Equal("1", response.Headers.GetValues("X-Total-Count").Single());
        // The keyset list of all sessions has no total, as in Kratos.
        Assert.False((await server.SendAsync(HttpMethod.Get, server.AdminUrl + "/admin/sessions")).Response.Headers.Contains("X-Total-Count"));
        (status, body, _) = await server.SendAsync(HttpMethod.Get, server.AdminUrl + "/admin/sessions?expand=credentials");
        Assert.Equal(400, status);
        Assert.Equal("Could not parse expand option: credentials", (string)body!["error"]!["reason"]!);

        (_, body, _) = await server.SendAsync(HttpMethod.Get, server.AdminUrl + $"/admin/identities/{alice["id"]}/sessions");
        Assert.Equal([first.Session.Id, second.Session.Id], body!.AsArray().Select(s => (string)s!["id"]!));
        Assert.NotNull(body[0]!["identity"]);
        Assert.NotNull(body[0]!["devices"]);
        (_, body, _) = await server.SendAsync(HttpMethod.Get, server.AdminUrl + $"/admin/identities/{alice["id"]}/sessions?active=true");
        Assert.Equal(first.Session.Id, (string)Assert.Single(body!.AsArray())!["id"]!);
        Assert.Equal(400, (await server.SendAsync(HttpMethod.Get, server.AdminUrl + "/admin/identities/nope/sessions")).Status);
    }

    [Fact]
    public async Task Get_disable_and_delete_an_identitys_sessions()
    {
        await using var server = await IdentityHttpServer.StartAsync();
        var alice = await IdentityAsync(server, "alice@example.com");
        var issued = await IssueAsync(server, alice);
        var url = server.AdminUrl + $"/admin/sessions/{issued.Session.Id}";

        var (status, body, _) = await server.SendAsync(HttpMethod.Get, url);
        Assert.Equal(200, status);
        Assert.True((bool)body!["active"]!);
        Assert.Null(body["identity"]);
        (_, body, _) = await server.SendAsync(HttpMethod.Get, url + "?expand=identity");
        Assert.Equal((string)alice["id"]!, (string)body!["identity"]!["id"]!);
        Assert.Equal(404, (await server.SendAsync(HttpMethod.Get, server.AdminUrl + $"/admin/sessions/{Guid.NewGuid()}")).Status);
        Assert.Equal(400, (await server.SendAsync(HttpMethod.Get, server.AdminUrl + "/admin/sessions/not-a-uuid")).Status);

        Assert.Equal(204, (await server.SendAsync(HttpMethod.Delete, url)).Status);
        Assert.Equal(401, (await SendAsync(server, HttpMethod.Get, server.PublicUrl + "/sessions/whoami", issued.Token)).Status);
        (_, body, _) = await server.SendAsync(HttpMethod.Get, url);
        Assert.False((bool)body!["active"]!);
        Assert.Equal(404, (await server.SendAsync(HttpMethod.Delete, url)).Status);

        var another = await IssueAsync(server, alice);
        var sessions = server.AdminUrl + $"/admin/identities/{alice["id"]}/sessions";
        Assert.Equal(204, (await server.SendAsync(HttpMethod.Delete, sessions)).Status);
        Assert.Equal(401, (await SendAsync(server, HttpMethod.Get, server.PublicUrl + "/sessions/whoami", another.Token)).Status);
        Assert.Equal(404, (await server.SendAsync(HttpMethod.Get, url)).Status);
        Assert.Equal(404, (await server.SendAsync(HttpMethod.Delete, sessions)).Status);
    }

    [Fact]
    public async Task Extend_renews_the_lifespan_once_the_earliest_possible_extend_is_reached()
    {
        await using var server = await IdentityHttpServer.StartAsync(new Dictionary<string, string>
        {
            ["session.lifespan"] = "2h",
            ["session.earliest_possible_extend"] = "1h",
        });
        var issued = await IssueAsync(server, await IdentityAsync(server, "alice@example.com"));
        var url = server.AdminUrl + $"/admin/sessions/{issued.Session.Id}/extend";

        var (status, body, _) = await server.SendAsync(HttpMethod.Patch, url);
        Assert.Equal(200, status);
        Assert.Equal(issued.Session.ExpiresAt, DateTimeOffset.Parse((string)body!["expires_at"]!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.NotNull(body["identity"]);

        server.Time.Advance(TimeSpan.FromMinutes(90));
        (status, body, _) = await server.SendAsync(HttpMethod.Patch, url);
        Assert.Equal(200, status);
        var expected = server.Time.Now.AddHours(2);
        Assert.Equal(expected.AddTicks(-(expected.Ticks % 10)), DateTimeOffset.Parse((string)body!["expires_at"]!, System.Globalization.CultureInfo.InvariantCulture));

        // The browser's cookie is set again with the new expiry.
        var (_, _, response) = await SendAsync(server, HttpMethod.Get, server.PublicUrl + "/sessions/whoami", cookie: issued.Cookie.ToHeader().Split(';')[0]);
        Assert.Contains("; Max-Age=7200", response.Headers.GetValues("Set-Cookie").Single());
        Assert.Equal(404, (await server.SendAsync(HttpMethod.Patch, server.AdminUrl + $"/admin/sessions/{Guid.NewGuid()}/extend")).Status);
    }

    [Fact]
    public async Task Extend_answers_204_with_faster_session_extend()
    {
        await using var server = await IdentityHttpServer.StartAsync(new Dictionary<string, string> { ["feature_flags.faster_session_extend"] = "true" });
        var issued = await IssueAsync(server, await IdentityAsync(server, "alice@example.com"));
        var (status, body, _) = await server.SendAsync(HttpMethod.Patch, server.AdminUrl + $"/admin/sessions/{issued.Session.Id}/extend");
        Assert.Equal(204, status);
        Assert.Null(body);
    }
}
