using System.Text.Json.Nodes;

namespace Tessera.Identity.Tests.Http;

/// <summary>The registration flow through the public listener: the form from the identity schema and the profile method's two steps.</summary>
public sealed class SelfServiceRegistrationTests : IAsyncLifetime
{
    private IdentityHttpServer server = null!;
    private FlowClient client = null!;

    public async Task InitializeAsync()
    {
        server = await IdentityHttpServer.StartAsync(new Dictionary<string, string>
        {
            ["selfservice.default_browser_return_url"] = "https://app.test/",
            ["selfservice.flows.registration.ui_url"] = "https://app.test/registration",
        });
        client = new FlowClient(server);
    }

    public async Task DisposeAsync() => await server.DisposeAsync();

    private static List<string> Names(JsonNode flow) => flow["ui"]!["nodes"]!.AsArray().Select(n => $"{n!["group"]}:{n["attributes"]!["name"]}").ToList();

    [Fact]
    public async Task The_form_is_built_from_the_identity_schema()
    {
        var flow = await client.ApiFlowAsync("registration");
        Assert.Equal(["default:csrf_token", "default:traits.email", "default:traits.name.first", "default:traits.name.last", "profile:method"], Names(flow));
        Assert.Equal(
            """{"type":"input","group":"default","attributes":{"name":"traits.email","type":"email","required":true,"autocomplete":"email","disabled":false,"node_type":"input"},"messages":[],"meta":{"label":{"id":1070002,"text":"E-Mail","type":"info","context":{"title":"E-Mail","name":"traits.email"}}}}""",
            FlowClient.Node(flow, "traits.email")!.ToJsonString());
        Assert.Equal("""{"name":"traits.name.first","type":"text","disabled":false,"node_type":"input"}""", FlowClient.Node(flow, "traits.name.first")!["attributes"]!.ToJsonString());
        var submit = FlowClient.Node(flow, "method")!;
        Assert.Equal("profile", (string)submit["attributes"]!["value"]!);
        Assert.Equal(1040001, (int)submit["meta"]!["label"]!["id"]!);
        Assert.Equal("Sign up", (string)submit["meta"]!["label"]!["text"]!);
        Assert.Equal($"https://id.test/self-service/registration?flow={flow["id"]}", (string)flow["ui"]!["action"]!);
        Assert.False(flow.AsObject().ContainsKey("refresh"));
    }

    [Fact]
    public async Task Traits_the_schema_refuses_come_back_on_their_nodes()
    {
        var flow = await client.ApiFlowAsync("registration");
        var (status, body, _) = await client.SendAsync(HttpMethod.Post, $"/self-service/registration?flow={flow["id"]}", """{"method":"profile","traits":{"name":{"first":"Ann"}}}""");
        Assert.Equal(400, status);
        var email = FlowClient.Node(body!, "traits.email")!;
        var message = Assert.Single(email["messages"]!.AsArray());
        Assert.Equal("""{"id":4000002,"text":"Property email is missing.","type":"error","context":{"property":"email"}}""", message!.ToJsonString());
        Assert.Equal("Ann", (string)FlowClient.Node(body!, "traits.name.first")!["attributes"]!["value"]!);

        var (bad, invalid, _) = await client.SendAsync(HttpMethod.Post, $"/self-service/registration?flow={flow["id"]}", """{"method":"profile","traits":{"email":"not-an-email"}}""");
        Assert.Equal(400, bad);
        var formatMessage = Assert.Single(FlowClient.Node(invalid!, "traits.email")!["messages"]!.AsArray());
        Assert.Equal(4000040, (int)formatMessage!["id"]!);
        Assert.Equal("Enter a valid email address", (string)formatMessage["text"]!);
    }

    [Fact]
    public async Task Valid_traits_lead_to_the_credential_step_and_back()
    {
        var flow = await client.ApiFlowAsync("registration");
        var id = (string)flow["id"]!;
        var (status, body, _) = await client.SendAsync(HttpMethod.Post, $"/self-service/registration?flow={id}", """{"method":"profile","traits":{"email":"ann@example.com","name":{"first":"Ann"}}}""");
        Assert.Equal(400, status);
        Assert.Equal(["default:csrf_token", "default:traits.email", "default:traits.name.first", "default:traits.name.last", "profile:screen", "password:password", "password:method"], Names(body!));
        var email = FlowClient.Node(body!, "traits.email")!["attributes"]!;
        Assert.Equal("hidden", (string)email["type"]!);
        Assert.Equal("ann@example.com", (string)email["value"]!);
        Assert.Equal("previous", (string)FlowClient.Node(body!, "screen")!["attributes"]!["value"]!);
        Assert.Equal(1040008, (int)FlowClient.Node(body!, "screen")!["meta"]!["label"]!["id"]!);
        Assert.Equal("new-password", (string)FlowClient.Node(body!, "password")!["attributes"]!["autocomplete"]!);
        Assert.Equal(1040009, (int)body!["ui"]!["messages"]![0]!["id"]!);

        // The stored flow is the credential step.
        var (_, fetched, _) = await client.SendAsync(HttpMethod.Get, "/self-service/registration/flows?id=" + id);
        Assert.Equal(Names(body), Names(fetched!));

        var (back, previous, _) = await client.SendAsync(HttpMethod.Post, $"/self-service/registration?flow={id}", """{"screen":"previous","traits":{"email":"ann@example.com","name":{"first":"Ann"}}}""");
        Assert.Equal(400, back);
        Assert.Equal(["default:csrf_token", "default:traits.email", "default:traits.name.first", "default:traits.name.last", "profile:method"], Names(previous!));
        Assert.Equal("email", (string)FlowClient.Node(previous!, "traits.email")!["attributes"]!["type"]!);
        Assert.Equal("ann@example.com", (string)FlowClient.Node(previous!, "traits.email")!["attributes"]!["value"]!);
        Assert.Null(previous!["ui"]!["messages"]);
    }

    [Fact]
    public async Task A_browser_form_posts_with_the_cookie_and_is_sent_back_to_the_ui()
    {
        var flow = await client.BrowserFlowAsync("registration");
        var csrf = Uri.EscapeDataString(FlowClient.CsrfOf(flow));
        var (status, _, response) = await client.SendAsync(HttpMethod.Post, $"/self-service/registration?flow={flow["id"]}",
            $"csrf_token={csrf}&method=profile&traits.email=bob%40example.com", "application/x-www-form-urlencoded", withCookie: true);
        Assert.Equal(303, status);
        Assert.Equal($"https://app.test/registration?flow={flow["id"]}", response.Headers.Location!.ToString());
        var (_, stored, _) = await client.SendAsync(HttpMethod.Get, "/self-service/registration/flows?id=" + flow["id"], withCookie: true);
        Assert.Equal("bob@example.com", (string)FlowClient.Node(stored!, "traits.email")!["attributes"]!["value"]!);
        Assert.NotNull(FlowClient.Node(stored!, "password"));

        // Without the cookie: Kratos's CSRF violation (JSON for a JSON client).
        var (refused, error, _) = await client.SendAsync(HttpMethod.Post, $"/self-service/registration?flow={flow["id"]}", $$"""{"method":"profile","csrf_token":"{{FlowClient.CsrfOf(flow)}}"}""");
        Assert.Equal(403, refused);
        Assert.Equal("security_csrf_violation", (string)error!["error"]!["id"]!);
    }

    [Fact]
    public async Task An_api_flow_submitted_with_cookies_or_an_origin_is_refused_on_the_form()
    {
        var flow = await client.ApiFlowAsync("registration");
        var (status, body, _) = await client.SendAsync(HttpMethod.Post, $"/self-service/registration?flow={flow["id"]}", """{"method":"profile","traits":{"email":"a@example.com"}}""",
            headers: new Dictionary<string, string> { ["Cookie"] = "session=1; __cfduid=2" });
        Assert.Equal(400, status);
        var message = body!["ui"]!["messages"]![0]!;
        Assert.Equal(4000001, (int)message["id"]!);
        Assert.StartsWith("The HTTP Request Header included the \"Cookie\" key", (string)message["text"]!, StringComparison.Ordinal);

        var (origin, withOrigin, _) = await client.SendAsync(HttpMethod.Post, $"/self-service/registration?flow={flow["id"]}", """{"method":"profile"}""",
            headers: new Dictionary<string, string> { ["Origin"] = "https://app.test" });
        Assert.Equal(400, origin);
        Assert.StartsWith("The HTTP Request Header included the \"Origin\" key", (string)withOrigin!["ui"]!["messages"]![0]!["text"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Registration_can_be_disabled()
    {
        await using var disabled = await IdentityHttpServer.StartAsync(new Dictionary<string, string> { ["selfservice.flows.registration.enabled"] = "false" });
        var (status, body, _) = await new FlowClient(disabled).SendAsync(HttpMethod.Get, "/self-service/registration/api");
        Assert.Equal(400, status);
        Assert.Equal("self_service_flow_disabled", (string)body!["error"]!["id"]!);
    }
}
