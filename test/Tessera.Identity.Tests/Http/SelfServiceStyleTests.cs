using System.Text.Json.Nodes;

namespace Tessera.Identity.Tests.Http;

/// <summary>The registration styles and the identifier-first login, each through its own public listener.</summary>
public sealed class SelfServiceStyleTests
{
    private const string Password = "correct horse battery staple 42";

    [Theory]
    [InlineData("selfservice.flows.registration.style", "profile_first")]
    [InlineData("selfservice.flows.registration.style", "unified")]
    [InlineData("selfservice.flows.registration.enable_legacy_one_step", "true")]
    public async Task A_direct_password_registration_works_in_every_style(string key, string value)
    {
        await using var server = await IdentityHttpServer.StartAsync(new Dictionary<string, string> { [key] = value });
        var client = new FlowClient(server);
        var flow = await client.ApiFlowAsync("registration");
        var (status, body, _) = await client.SendAsync(HttpMethod.Post, $"/self-service/registration?flow={flow["id"]}",
            new JsonObject { ["method"] = "password", ["password"] = Password, ["traits"] = new JsonObject { ["email"] = "ida@example.test" } }.ToJsonString());
        Assert.Equal(200, status);
        Assert.Equal("ida@example.test", (string)body!["identity"]!["traits"]!["email"]!);
        Assert.Null(body["session"]); // no session hook configured
        Assert.Null(body["session_token"]);
        Assert.Null(body["continue_with"]);
    }

    [Fact]
    public async Task Identifier_first_login_asks_the_identifier_then_the_password()
    {
        await using var server = await IdentityHttpServer.StartAsync(new Dictionary<string, string> { ["selfservice.flows.login.style"] = "identifier_first" });
        var client = new FlowClient(server);
        var registration = await client.ApiFlowAsync("registration");
        Assert.Equal(200, (await client.SendAsync(HttpMethod.Post, $"/self-service/registration?flow={registration["id"]}",
            new JsonObject { ["method"] = "password", ["password"] = Password, ["traits"] = new JsonObject { ["email"] = "jo@example.test" } }.ToJsonString())).Status);

        var flow = await client.ApiFlowAsync("login");
        Assert.Equal(["default:csrf_token", "identifier_first:identifier", "identifier_first:method"],
            flow["ui"]!["nodes"]!.AsArray().Select(n => $"{n!["group"]}:{n["attributes"]!["name"]}"));
        Assert.Equal(1070009, (int)FlowClient.Node(flow, "method")!["meta"]!["label"]!["id"]!);

        var (unknown, refused, _) = await client.SendAsync(HttpMethod.Post, $"/self-service/login?flow={flow["id"]}", """{"method":"identifier_first","identifier":"nobody@example.test"}""");
        Assert.Equal(400, unknown);
        Assert.Equal(4000037, (int)FlowClient.Node(refused!, "identifier")!["messages"]![0]!["id"]!);

        var (status, second, _) = await client.SendAsync(HttpMethod.Post, $"/self-service/login?flow={flow["id"]}", """{"method":"identifier_first","identifier":"jo@example.test"}""");
        Assert.Equal(400, status);
        Assert.Equal("identifier_first", (string)second!["active"]!);
        var identifier = FlowClient.Node(second, "identifier")!;
        Assert.Equal("hidden", (string)identifier["attributes"]!["type"]!);
        Assert.Equal("jo@example.test", (string)identifier["attributes"]!["value"]!);
        Assert.NotNull(FlowClient.Node(second, "password", "password"));
        Assert.Equal("password", (string)FlowClient.Node(second, "method", "password")!["attributes"]!["value"]!);
        Assert.Null(FlowClient.Node(second, "method", "identifier_first"));

        var (ok, body, _) = await client.SendAsync(HttpMethod.Post, $"/self-service/login?flow={flow["id"]}",
            new JsonObject { ["method"] = "password", ["identifier"] = "jo@example.test", ["password"] = Password }.ToJsonString());
        Assert.Equal(200, ok);
        Assert.StartsWith("ory_st_", (string)body!["session_token"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_login_throttle_answers_429_with_the_retry_time_and_a_right_password_then_logs_in()
    {
        await using var server = await IdentityHttpServer.StartAsync(new Dictionary<string, string>
        {
            ["selfservice.methods.password.config.login_throttle.enabled"] = "true",
            ["selfservice.methods.password.config.login_throttle.max_attempts"] = "2",
            ["selfservice.methods.password.config.login_throttle.base_delay"] = "1m",
        });
        var client = new FlowClient(server);
        var registration = await client.ApiFlowAsync("registration");
        Assert.Equal(200, (await client.SendAsync(HttpMethod.Post, $"/self-service/registration?flow={registration["id"]}",
            new JsonObject { ["method"] = "password", ["password"] = Password, ["traits"] = new JsonObject { ["email"] = "kim@example.test" } }.ToJsonString())).Status);

        var flow = await client.ApiFlowAsync("login");
        var wrong = new JsonObject { ["method"] = "password", ["identifier"] = "kim@example.test", ["password"] = "wrong" }.ToJsonString();
        Assert.Equal(400, (await client.SendAsync(HttpMethod.Post, $"/self-service/login?flow={flow["id"]}", wrong)).Status);
        Assert.Equal(400, (await client.SendAsync(HttpMethod.Post, $"/self-service/login?flow={flow["id"]}", wrong)).Status);
        var right = new JsonObject { ["method"] = "password", ["identifier"] = "kim@example.test", ["password"] = Password }.ToJsonString();
        var (status, error, response) = await client.SendAsync(HttpMethod.Post, $"/self-service/login?flow={flow["id"]}", right);
        Assert.Equal(429, status);
        Assert.Equal(429, (int)error!["error"]!["code"]!);
        Assert.Equal("60", response.Headers.GetValues("Retry-After").Single());
        Assert.Contains("retry after", (string)error["error"]!["reason"]!, StringComparison.Ordinal);

        server.Time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(200, (await client.SendAsync(HttpMethod.Post, $"/self-service/login?flow={flow["id"]}", right)).Status);
    }
}
