using System.Text.Json.Nodes;
using Tessera.Identity.Tests.Http;

namespace Tessera.Identity.Tests.Hooks;

/// <summary>The settings flow's web_hook: called after the change is saved (Kratos's post-persist hook).</summary>
public sealed class SettingsWebHookTests : IAsyncLifetime
{
    private readonly WebHookTarget target = new();
    private IdentityHttpServer server = null!;
    private FlowClient client = null!;

    public async Task InitializeAsync()
    {
        server = await IdentityHttpServer.StartAsync(new Dictionary<string, string>
        {
            ["selfservice.flows.settings.after.profile.hooks"] = "[{\"hook\":\"web_hook\",\"config\":{\"url\":\"" + target.Url + "\"}}]",
        });
        client = new FlowClient(server);
    }

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        await target.DisposeAsync();
    }

    [Fact]
    public async Task A_saved_profile_is_sent_to_the_hook_and_a_failing_hook_is_the_answer_with_the_change_kept()
    {
        var identity = await SessionTestData.IdentityAsync(server, "hana@example.test");
        var session = await SessionTestData.IssueAsync(server, identity);
        var token = new Dictionary<string, string> { ["X-Session-Token"] = session.Token };
        var (_, flow, _) = await client.SendAsync(HttpMethod.Get, "/self-service/settings/api", headers: token);
        var url = "/self-service/settings?flow=" + (string)flow!["id"]!;

        var (saved, body, _) = await client.SendAsync(HttpMethod.Post, url, """{"method":"profile","traits":{"email":"hana.new@example.test"}}""", headers: token);
        Assert.Equal(200, saved);
        Assert.Equal("success", (string)body!["state"]!);
        var (_, sent) = Assert.Single(target.Received);
        var payload = JsonNode.Parse(sent)!;
        Assert.Equal("hana.new@example.test", (string)payload["identity"]!["traits"]!["email"]!);
        Assert.Equal((string)flow["id"]!, (string)payload["flow"]!["id"]!);
        Assert.Equal(session.Session.Id, (string)payload["session"]!["id"]!);

        target.Status = 500;
        var (_, second, _) = await client.SendAsync(HttpMethod.Get, "/self-service/settings/api", headers: token);
        var (refused, error, _) = await client.SendAsync(HttpMethod.Post, "/self-service/settings?flow=" + (string)second!["id"]!,
            """{"method":"profile","traits":{"email":"hana.third@example.test"}}""", headers: token);
        Assert.Equal(502, refused);
        Assert.Equal("webhook failed with status code 500", (string)error!["error"]!["message"]!);
        var (_, stored, _) = await server.SendAsync(HttpMethod.Get, server.AdminUrl + "/admin/identities/" + (string)identity["id"]!);
        Assert.Equal("hana.third@example.test", (string)stored!["traits"]!["email"]!);
    }
}
