using static Tessera.Identity.Tests.Http.SessionTestData;

namespace Tessera.Identity.Tests.Http;

public sealed class NoCacheRoutesTests
{
    private const string NoCache = "private, no-cache, no-store, must-revalidate";

    [Fact]
    public async Task Every_get_of_both_listeners_is_marked_not_to_be_stored_as_kratos_marks_it()
    {
        await using var server = await IdentityHttpServer.StartAsync();
        var alice = await IdentityAsync(server, "alice@example.com");
        var issued = await IssueAsync(server, alice);

        foreach (var url in new[]
        {
            server.PublicUrl + "/sessions/whoami",
            server.PublicUrl + "/sessions",
            server.PublicUrl + "/self-service/registration/browser",
            server.PublicUrl + "/schemas",
            server.AdminUrl + "/admin/identities",
            server.AdminUrl + $"/admin/identities/{alice["id"]}",
            server.AdminUrl + $"/admin/sessions/{issued.Session.Id}",
        })
        {
            var (status, _, response) = await SendAsync(server, HttpMethod.Get, url, issued.Token);
            Assert.True(status is 200 or 303, url);
            Assert.Equal(NoCache, response.Headers.NonValidated["Cache-Control"].ToString());
        }

        // Errors of a GET too (a 401 whoami must not be cached either); other methods are left alone, as in Kratos.
        var (unauthorized, _, noSession) = await SendAsync(server, HttpMethod.Get, server.PublicUrl + "/sessions/whoami");
        Assert.Equal(401, unauthorized);
        Assert.True(noSession.Headers.CacheControl?.NoStore);
        var (_, _, posted) = await SendAsync(server, HttpMethod.Post, server.PublicUrl + "/sessions/whoami", issued.Token);
        Assert.Null(posted.Headers.CacheControl);
    }
}
