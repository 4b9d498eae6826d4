using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tessera.Identity.Tests.Http;

/// <summary>
/// Requests the hostile corpus (test/e2e/hostile-corpus.test.mjs) found answered wrongly, through the real
/// listeners: each must be a 4xx in Ory's shape and leave nothing behind that a later request trips over.
/// </summary>
public sealed class HostileInputTests : IAsyncLifetime
{
    /// <summary>Traits open to any member (Kratos's schemas often leave additionalProperties out).</summary>
    private const string OpenSchema = """
        {"type":"object","properties":{"traits":{"type":"object","properties":{
          "email":{"type":"string","format":"email","ory.sh/kratos":{"credentials":{"password":{"identifier":true}}}}},
          "required":["email"]}}}
        """;

    private IdentityHttpServer server = null!;
    private FlowClient client = null!;

    public async Task InitializeAsync()
    {
        server = await IdentityHttpServer.StartAsync(new Dictionary<string, string>
        {
            ["identity.schemas"] = $$"""[{"id":"default","url":"base64://{{Convert.ToBase64String(Encoding.UTF8.GetBytes(OpenSchema))}}"}]""",
            ["selfservice.flows.registration.after.password.hooks"] = """[{"hook":"session"}]""",
        });
        client = new FlowClient(server);
    }

    public async Task DisposeAsync() => await server.DisposeAsync();

    private async Task<(int Status, JsonNode? Body)> RegisterWithFormAsync(string email, int traitDepth)
    {
        var flow = await client.ApiFlowAsync("registration");
        var name = "traits." + string.Concat(Enumerable.Repeat("x.", traitDepth - 1)) + "x";
        using var content = new StringContent(
            $"method=password&password=correct+horse+battery+staple+42&traits.email={Uri.EscapeDataString(email)}&{name}=1", Encoding.UTF8, "application/x-www-form-urlencoded");
        return await AnswerAsync(await server.Http.PostAsync($"{server.PublicUrl.TrimEnd('/')}/self-service/registration?flow={flow["id"]}", content));
    }

    private async Task<(int Status, JsonNode? Body)> GetAdminAsync(string path)
        => await AnswerAsync(await server.Http.GetAsync(server.AdminUrl + path));

    /// <summary>The answer, parsed allowing the depth these identities' traits have.</summary>
    private static async Task<(int Status, JsonNode? Body)> AnswerAsync(HttpResponseMessage response)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            return ((int)response.StatusCode, text.Length > 0 ? JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = 256 }) : null);
        }
    }

    [Fact]
    public async Task A_form_field_name_nested_deeper_than_a_json_body_may_be_is_a_400_and_stores_nothing()
    {
        // "traits" and 100 levels below it: stored, these traits made every later read of the identity
        // (GET /admin/identities, the list included) a 500, since a stored document is parsed again.
        var (status, body) = await RegisterWithFormAsync("deep@example.test", 100);

        // As Kratos answers a body it cannot decode: 400 with the flow, the problem as a 4000001 message.
        Assert.Equal(400, status);
        var message = body!["ui"]!["messages"]![0]!;
        Assert.Equal(4000001, (int)message["id"]!);
        Assert.Contains("nests more than 64 levels", (string)message["text"]!, StringComparison.Ordinal);
        var (list, identities) = await GetAdminAsync("/admin/identities");
        Assert.Equal(200, list);
        Assert.Empty(identities!.AsArray());
    }

    [Fact]
    public async Task A_form_field_name_as_deep_as_a_json_body_may_be_registers_and_reads_back()
    {
        // 64 segments: the body is 64 levels deep, as deep as a JSON body may be.
        var (status, body) = await RegisterWithFormAsync("deep@example.test", 63);

        Assert.Equal(200, status);
        var id = (string)body!["identity"]!["id"]!;
        Assert.Equal(200, (await GetAdminAsync("/admin/identities/" + id)).Status);
        var (list, identities) = await GetAdminAsync("/admin/identities");
        Assert.Equal(200, list);
        Assert.Single(identities!.AsArray());
    }
}
