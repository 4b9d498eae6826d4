using System.Text.Json.Nodes;
using Tessera.Identity.Tests.Http;

namespace Tessera.Identity.Tests.Hooks;

/// <summary>The web_hook after registration and login, called on a loopback target through the public listener.</summary>
public sealed class WebHookTests : IAsyncLifetime
{
    private const string Password = "correct horse battery staple 42";

    private readonly WebHookTarget parsing = new();
    private readonly WebHookTarget notifying = new();
    private readonly WebHookTarget login = new();
    private IdentityHttpServer server = null!;
    private FlowClient client = null!;

    public async Task InitializeAsync()
    {
        server = await IdentityHttpServer.StartAsync(new Dictionary<string, string>
        {
            ["selfservice.flows.registration.after.password.hooks"] = "[" +
                "{\"hook\":\"web_hook\",\"config\":{\"url\":\"" + parsing.Url + "\",\"method\":\"POST\",\"auth\":{\"type\":\"api_key\",\"config\":{\"name\":\"X-Api-Key\",\"value\":\"s3cret\",\"in\":\"header\"}},\"response\":{\"parse\":true}}}," +
                "{\"hook\":\"web_hook\",\"config\":{\"url\":\"" + notifying.Url + "\",\"auth\":{\"type\":\"basic_auth\",\"config\":{\"user\":\"u\",\"password\":\"p\"}},\"response\":{\"ignore\":true}}}," +
                "{\"hook\":\"session\"}]",
            ["selfservice.flows.login.after.hooks"] = "[{\"hook\":\"web_hook\",\"config\":{\"url\":\"" + login.Url + "\"}}]",
        });
        client = new FlowClient(server);
    }

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        await parsing.DisposeAsync();
        await notifying.DisposeAsync();
        await login.DisposeAsync();
    }

    private Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> RegisterAsync(string flowId, string email)
        => client.SendAsync(HttpMethod.Post, $"/self-service/registration?flow={flowId}",
            new JsonObject { ["method"] = "password", ["password"] = Password, ["traits"] = new JsonObject { ["email"] = email } }.ToJsonString(),
            headers: new Dictionary<string, string> { ["User-Agent"] = "hook-test/1", ["X-Secret-Header"] = "no" });

    [Fact]
    public async Task A_parsing_hook_changes_the_identity_and_an_ignored_one_is_notified()
    {
        parsing.Body = """{"identity":{"metadata_public":{"plan":"free"},"traits":{"email":"changed@example.test"}}}""";
        var flow = await client.ApiFlowAsync("registration");
        var (status, body, _) = await RegisterAsync((string)flow["id"]!, "gina@example.test");
        Assert.Equal(200, status);
        Assert.Equal("changed@example.test", (string)body!["identity"]!["traits"]!["email"]!);
        Assert.Equal("free", (string)body["identity"]!["metadata_public"]!["plan"]!);
        Assert.Equal("changed@example.test", (string)body["identity"]!["verifiable_addresses"]![0]!["value"]!);

        var (head, sent) = Assert.Single(parsing.Received);
        Assert.StartsWith("POST /hook HTTP/1.1", head, StringComparison.Ordinal);
        Assert.Contains("X-Api-Key: s3cret", head, StringComparison.Ordinal);
        var payload = JsonNode.Parse(sent)!;
        Assert.Equal((string)flow["id"]!, (string)payload["flow"]!["id"]!);
        Assert.Equal("gina@example.test", (string)payload["identity"]!["traits"]!["email"]!);
        Assert.Equal("hook-test/1", (string)payload["request_headers"]!["User-Agent"]![0]!);
        Assert.Null(payload["request_headers"]!["X-Secret-Header"]);
        Assert.Equal("POST", (string)payload["request_method"]!);

        Assert.True(await notifying.WaitForAsync(1));
        var (notifiedHead, notified) = notifying.Received.Single();
        Assert.Contains("Authorization: Basic " + Convert.ToBase64String("u:p"u8.ToArray()), notifiedHead, StringComparison.Ordinal);
        Assert.NotNull(JsonNode.Parse(notified)!["session"]);

        // The login hook: a failure status (not parsed) cancels the login with 502.
        login.Status = 500;
        var loginFlow = await client.ApiFlowAsync("login");
        var (refused, error, _) = await client.SendAsync(HttpMethod.Post, $"/self-service/login?flow={loginFlow["id"]}",
            new JsonObject { ["method"] = "password", ["identifier"] = "changed@example.test", ["password"] = Password }.ToJsonString());
        Assert.Equal(502, refused);
        Assert.Equal("webhook failed with status code 500", (string)error!["error"]!["message"]!);
        login.Status = 200;
        Assert.Equal(200, (await client.SendAsync(HttpMethod.Post, $"/self-service/login?flow={loginFlow["id"]}",
            new JsonObject { ["method"] = "password", ["identifier"] = "changed@example.test", ["password"] = Password }.ToJsonString())).Status);
    }

    [Fact]
    public async Task A_parsing_hook_refusal_puts_its_messages_on_the_form_and_writes_nothing()
    {
        parsing.Status = 409;
        parsing.Body = """{"messages":[{"instance_ptr":"#/traits/email","messages":[{"id":123,"text":"email could not be verified","type":"error","context":{"value":"x"}}]}]}""";
        var flow = await client.ApiFlowAsync("registration");
        var (status, body, _) = await RegisterAsync((string)flow["id"]!, "hank@example.test");
        Assert.Equal(400, status);
        var message = FlowClient.Node(body!, "traits.email")!["messages"]![0]!;
        Assert.Equal(123, (int)message["id"]!);
        Assert.Equal("email could not be verified", (string)message["text"]!);
        var (_, list, _) = await server.SendAsync(HttpMethod.Get, server.AdminUrl.TrimEnd('/') + "/admin/identities?credentials_identifier=hank@example.test");
        Assert.Empty(list!.AsArray());
        Assert.Empty(notifying.Received);
    }
}
