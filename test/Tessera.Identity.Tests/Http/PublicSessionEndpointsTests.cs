using System.Text.Json.Nodes;
using static Tessera.Identity.Tests.Http.SessionTestData;

namespace Tessera.Identity.Tests.Http;

public sealed class PublicSessionEndpointsTests
{
    [Fact]
    public async Task Whoami_answers_the_session_for_a_token_a_bearer_token_and_the_cookie()
    {
        await using var server = await IdentityHttpServer.StartAsync();
        var alice = await IdentityAsync(server, "alice@example.com");
        var issued = await IssueAsync(server, alice);
        Assert.StartsWith("ory_st_", issued.Token);
        Assert.True(issued.Token.Length >= "ory_st_".Length + 43);
        var cookie = issued.Cookie.ToHeader().Split(';')[0];

        foreach (var (token, sent, bearer) in new[] { (issued.Token, (string?)null, (string?)null), (null, cookie, null), (null, null, issued.Token) })
        {
            var (status, body, response) = await SendAsync(server, HttpMethod.Get, server.PublicUrl + "/sessions/whoami", token, sent, bearer);
            Assert.True(status == 200, body?.ToJsonString());
            Assert.Equal((string)alice["id"]!, response.Headers.GetValues("X-Kratos-Authenticated-Identity-Id").Single());
            Assert.False(response.Headers.Contains("Ory-Session-Cache-For"));
            var session = body!.AsObject();
            Assert.Equal(issued.Session.Id, (string)session["id"]!);
            Assert.True((bool)session["active"]!);
            Assert.Equal("aal1", (string)session["authenticator_assurance_level"]!);
            Assert.Equal("password", (string)session["authentication_methods"]![0]!["method"]!);
            Assert.Equal("aal1", (string)session["authentication_methods"]![0]!["aal"]!);
            Assert.NotNull(session["authentication_methods"]![0]!["completed_at"]);
            Assert.Equal(issued.Session.ExpiresAt, DateTimeOffset.Parse((string)session["expires_at"]!, System.Globalization.CultureInfo.InvariantCulture));
            Assert.True((issued.Session.ExpiresAt - server.Time.Now).Duration() < TimeSpan.FromHours(24) + TimeSpan.FromMilliseconds(1));
            Assert.NotNull(session["issued_at"]);
            Assert.NotNull(session["authenticated_at"]);
            Assert.Equal("192.0.2.7", (string)session["devices"]![0]!["ip_address"]!);
            Assert.Equal("test-agent/1", (string)session["devices"]![0]!["user_agent"]!);
            Assert.Equal("Berlin, DE", (string)session["devices"]![0]!["location"]!);
            var identity = session["identity"]!.AsObject();
            Assert.Equal((string)alice["id"]!, (string)identity["id"]!);
            Assert.False(identity.ContainsKey("metadata_admin"));
            Assert.False(identity.ContainsKey("credentials"));
            Assert.False(session.ContainsKey("tokenized"));
        }

        // Kratos routes every method of /sessions/whoami to whoami.
        Assert.Equal(200, (await SendAsync(server, HttpMethod.Post, server.PublicUrl + "/sessions/whoami", issued.Token)).Status);
        Assert.Equal(200, (await SendAsync(server, HttpMethod.Delete, server.PublicUrl + "/sessions/whoami", issued.Token)).Status);
    }

    [Fact]
    public async Task Whoami_identity_is_the_admin_identity_with_its_addresses_but_no_credentials_nor_admin_metadata()
    {
        await using var server = await IdentityHttpServer.StartAsync();
        var alice = await IdentityAsync(server, "alice@example.com", ""","metadata_public":{"plan":"pro"},"external_id":"ext-alice" """);
        Assert.NotEmpty(alice["verifiable_addresses"]!.AsArray());
        Assert.NotEmpty(alice["recovery_addresses"]!.AsArray());
        Assert.NotNull(alice["credentials"]);
        var issued = await IssueAsync(server, alice);
        var cookie = issued.Cookie.ToHeader().Split(';')[0];

        var expected = alice.DeepClone().AsObject();
        expected.Remove("credentials");
        expected.Remove("metadata_admin");
        foreach (var (token, sent) in new[] { (issued.Token, (string?)null), (null, cookie) })
        {
            var (status, body, _) = await SendAsync(server, HttpMethod.Get, server.PublicUrl + "/sessions/whoami", token, sent);
            Assert.Equal(200, status);
            Assert.Equal(expected.ToJsonString(), body!["identity"]!.ToJsonString());
        }

        // The same session revoked elsewhere (the admin API) is no session on the next request.
        Assert.Equal(204, (await server.SendAsync(HttpMethod.Delete, server.AdminUrl + $"/admin/sessions/{issued.Session.Id}")).Status);
        Assert.Equal(401, (await SendAsync(server, HttpMethod.Get, server.PublicUrl + "/sessions/whoami", issued.Token)).Status);
        Assert.Equal(401, (await SendAsync(server, HttpMethod.Get, server.PublicUrl + "/sessions/whoami", cookie: cookie)).Status);
    }

    [Fact]
    public async Task Whoami_is_401_without_credentials_with_a_wrong_or_tampered_one_after_expiry_and_for_an_inactive_identity()
    {
        await using var server = await IdentityHttpServer.StartAsync();
        var alice = await IdentityAsync(server, "alice@example.com");
        var issued = await IssueAsync(server, alice);
        var cookie = issued.Cookie.ToHeader().Split(';')[0];
        var url = server.PublicUrl + "/sessions/whoami";

        async Task Unauthorized(string? token = null, string? sentCookie = null)
        {
            var (status, body, response) = await SendAsync(server, HttpMethod.Get, url, token, sentCookie);
            Assert.Equal(401, status);
            Assert.Equal(401, (int)body!["error"]!["code"]!);
            Assert.Equal("Unauthorized", (string)body["error"]!["status"]!);
            Assert.Equal("No valid session credentials found in the request.", (string)body["error"]!["reason"]!);
            Assert.Equal("The request could not be authorized", (string)body["error"]!["message"]!);
            Assert.False(response.Headers.Contains("X-Kratos-Authenticated-Identity-Id"));
        }

        await Unauthorized();
        await Unauthorized(issued.Token + "x");
        await Unauthorized("ory_st_" + new string('a', 43));
        await Unauthorized(sentCookie: cookie[..^3] + (cookie[^3] == 'A' ? "B" : "A") + cookie[^2..]);
        await Unauthorized(sentCookie: "ory_kratos_session=" + issued.Token); // the raw token is no cookie

        var (patched, _, _) = await server.SendAsync(HttpMethod.Patch, server.AdminUrl + $"/admin/identities/{alice["id"]}", """[{"op":"replace","path":"/state","value":"inactive"}]""");
        Assert.Equal(200, patched);
        await Unauthorized(issued.Token);
        await server.SendAsync(HttpMethod.Patch, server.AdminUrl + $"/admin/identities/{alice["id"]}", """[{"op":"replace","path":"/state","value":"active"}]""");
        Assert.Equal(200, (await SendAsync(server, HttpMethod.Get, url, issued.Token)).Status);

        server.Time.Advance(TimeSpan.FromHours(24));
        await Unauthorized(issued.Token);
        await Unauthorized(sentCookie: cookie);
    }

    [Fact]
    public async Task Whoami_sets_the_cookie_again_only_for_a_session_that_outlived_it()
    {
        await using var server = await IdentityHttpServer.StartAsync();
        server.Time.Advance(TimeSpan.FromTicks(4321)); // between two milliseconds, as a real clock mostly is
        var issued = await IssueAsync(server, await IdentityAsync(server, "alice@example.com"));
        var cookie = issued.Cookie.ToHeader().Split(';')[0];
        for (var i = 0; i < 2; i++)
        {
            var (status, _, response) = await SendAsync(server, HttpMethod.Get, server.PublicUrl + "/sessions/whoami", cookie: cookie);
            Assert.Equal(200, status);
            Assert.False(response.Headers.Contains("Set-Cookie"));
        }
    }

    [Fact]
    public async Task The_cookie_follows_kratos_defaults_and_its_configuration()
    {
        await using (var server = await IdentityHttpServer.StartAsync(new Dictionary<string, string> { ["dev"] = "false" }))
        {
            var issued = await IssueAsync(server, await IdentityAsync(server, "alice@example.com"));
            var header = issued.Cookie.ToHeader();
            Assert.StartsWith("ory_kratos_session=", header);
            Assert.Contains("; Path=/", header);
            Assert.Contains("; Max-Age=86400", header);
            Assert.Contains("; Expires=" + issued.Session.ExpiresAt.UtcDateTime.ToString("R", System.Globalization.CultureInfo.InvariantCulture), header);
            Assert.Contains("; HttpOnly", header);
            Assert.Contains("; Secure", header);
            Assert.EndsWith("; SameSite=Lax", header);
            Assert.DoesNotContain(issued.Token, header);
        }

        await using (var server = await IdentityHttpServer.StartAsync(new Dictionary<string, string>
        {
            ["dev"] = "true",
            ["session.lifespan"] = "1h",
            ["session.cookie.name"] = "my_session",
            ["session.cookie.persistent"] = "false",
            ["session.cookie.path"] = "/app",
            ["cookies.domain"] = "example.com",
            ["cookies.same_site"] = "Strict",
        }))
        {
            var issued = await IssueAsync(server, await IdentityAsync(server, "alice@example.com"));
            var header = issued.Cookie.ToHeader();
            Assert.StartsWith("my_session=", header);
            Assert.Contains("; Path=/app", header);
            Assert.Contains("; Domain=example.com", header);
            Assert.DoesNotContain("Max-Age", header);
            Assert.DoesNotContain("Expires", header);
            Assert.DoesNotContain("Secure", header);
            Assert.EndsWith("; SameSite=Strict", header);
            Assert.True((server.Time.Now.AddHours(1) - issued.Session.ExpiresAt).Duration() < TimeSpan.FromMilliseconds(1));
            var (status, _, _) = await SendAsync(server, HttpMethod.Get, server.PublicUrl + "/sessions/whoami", cookie: header.Split(';')[0]);
            Assert.Equal(200, status);
        }
    }

    [Fact]
    public async Task Cookie_secrets_rotate_the_first_seals_and_every_one_opens()
    {
        var old = new Dictionary<string, string> { ["secrets.default"] = """["old-secret-0123456789"]""" };
        string cookie;
        string email = "alice@example.com";
        await using (var server = await IdentityHttpServer.StartAsync(old))
        {
            cookie = (await IssueAsync(server, await IdentityAsync(server, email))).Cookie.ToHeader().Split(';')[0];
        }

        // A new runtime on another database cannot know the session, so check the cookie opens: the codec is what rotates.
        await using var rotated = await IdentityHttpServer.StartAsync(new Dictionary<string, string> { ["secrets.cookie"] = """["new-secret-0123456789","old-secret-0123456789"]""" });
        var credentials = new Sessions.SessionCredentials(cookie.Split('=', 2)[1], null);
        Assert.NotNull(rotated.Runtime.SessionAuthentication.Present(credentials).Token);
        await using var other = await IdentityHttpServer.StartAsync(new Dictionary<string, string> { ["secrets.cookie"] = """["new-secret-0123456789"]""" });
        Assert.Null(other.Runtime.SessionAuthentication.Present(credentials).Token);

        // The first secret seals: a new cookie does not open under the old secret alone.
        var fresh = await IssueAsync(rotated, await IdentityAsync(rotated, email));
        await using var oldOnly = await IdentityHttpServer.StartAsync(old);
        Assert.Null(oldOnly.Runtime.SessionAuthentication.Present(new Sessions.SessionCredentials(fresh.Cookie.Value, null)).Token);
        var (status, _, _) = await SendAsync(rotated, HttpMethod.Get, rotated.PublicUrl + "/sessions/whoami", cookie: fresh.Cookie.ToHeader().Split(';')[0]);
        Assert.Equal(200, status);
    }

    [Fact]
    public async Task The_current_identity_lists_and_revokes_its_other_sessions()
    {
        await using var server = await IdentityHttpServer.StartAsync();
        var alice = await IdentityAsync(server, "alice@example.com");
        var current = await IssueAsync(server, alice);
        server.Time.Advance(TimeSpan.FromSeconds(1));
        var second = await IssueAsync(server, alice);
        server.Time.Advance(TimeSpan.FromSeconds(1));
        var third = await IssueAsync(server, alice);
        var bobs = await IssueAsync(server, await IdentityAsync(server, "bob@example.com"));

        Assert.Equal(401, (await SendAsync(server, HttpMethod.Get, server.PublicUrl + "/sessions")).Status);
        var (status, body, response) = await SendAsync(server, HttpMethod.Get, server.PublicUrl + "/sessions?page_size=1", current.Token);
        Assert.Equal(200, status);
        Assert.Equal(second.Session.Id, (string)Assert.Single(body!.AsArray())!["id"]!);
        Assert.Contains("rel=\"next\"", response.Headers.GetValues("Link").Single());
        // Kratos's offset paging tells how many all pages hold (the current session is not one of them).
        Assert.Equal("2", response.Headers.GetValues("X-Total-Count").Single());
        (_, body, _) = await SendAsync(server, HttpMethod.Get, server.PublicUrl + "/sessions", current.Token);
        Assert.Equal([second.Session.Id, third.Session.Id], body!.AsArray().Select(s => (string)s!["id"]!));

        (status, body, _) = await SendAsync(server, HttpMethod.Delete, server.PublicUrl + $"/sessions/{current.Session.Id}", current.Token);
        Assert.Equal(400, status);
        Assert.Equal("cannot revoke current session", (string)body!["error"]!["message"]!);
        Assert.Equal(400, (await SendAsync(server, HttpMethod.Delete, server.PublicUrl + "/sessions/not-a-uuid", current.Token)).Status);
        var (unauthorized, error, _) = await SendAsync(server, HttpMethod.Delete, server.PublicUrl + $"/sessions/{second.Session.Id}");
        Assert.Equal(401, unauthorized);
        Assert.Equal("No valid session cookie found.", (string)error!["error"]!["reason"]!);

        Assert.Equal(204, (await SendAsync(server, HttpMethod.Delete, server.PublicUrl + $"/sessions/{second.Session.Id}", current.Token)).Status);
        Assert.Equal(401, (await SendAsync(server, HttpMethod.Get, server.PublicUrl + "/sessions/whoami", second.Token)).Status);
        // Another identity's session is not revoked through mine.
        Assert.Equal(204, (await SendAsync(server, HttpMethod.Delete, server.PublicUrl + $"/sessions/{bobs.Session.Id}", current.Token)).Status);
        Assert.Equal(200, (await SendAsync(server, HttpMethod.Get, server.PublicUrl + "/sessions/whoami", bobs.Token)).Status);

        (status, body, _) = await SendAsync(server, HttpMethod.Delete, server.PublicUrl + "/sessions", current.Token);
        Assert.Equal(200, status);
        Assert.Equal("""{"count":1}""", body!.ToJsonString());
        Assert.Equal(401, (await SendAsync(server, HttpMethod.Get, server.PublicUrl + "/sessions/whoami", third.Token)).Status);
        Assert.Equal(200, (await SendAsync(server, HttpMethod.Get, server.PublicUrl + "/sessions/whoami", current.Token)).Status);
        (_, body, _) = await SendAsync(server, HttpMethod.Get, server.PublicUrl + "/sessions", current.Token);
        Assert.Empty(body!.AsArray());
    }

    [Fact]
    public async Task Cacheable_sessions_answer_ory_session_cache_for()
    {
        await using var server = await IdentityHttpServer.StartAsync(new Dictionary<string, string>
        {
            ["feature_flags.cacheable_sessions"] = "true",
            ["feature_flags.cacheable_sessions_max_age"] = "10m",
        });
        var issued = await IssueAsync(server, await IdentityAsync(server, "alice@example.com"));
        var (_, _, response) = await SendAsync(server, HttpMethod.Get, server.PublicUrl + "/sessions/whoami", issued.Token);
        Assert.Equal("600", response.Headers.GetValues("Ory-Session-Cache-For").Single());
        (_, _, response) = await SendAsync(server, HttpMethod.Get, server.PublicUrl + "/sessions/whoami");
        Assert.Equal("60", response.Headers.GetValues("Ory-Session-Cache-For").Single());
    }
}
