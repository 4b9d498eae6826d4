using System.Text.Json.Nodes;
using Tessera.OAuth2.Tests.Http;

namespace Tessera.OAuth2.Tests.Clients;

/// <summary>
/// Through the admin API and dynamic registration: no client URI may use a scheme that a browser runs
/// or renders on the page's origin, however it is spelled; web, loopback and native app URIs stay allowed.
/// </summary>
public sealed class ClientUriSchemeTests(OAuth2HttpFixture fixture) : IClassFixture<OAuth2HttpFixture>
{
    public static TheoryData<string, string> Dangerous => new()
    {
        { "javascript:alert(document.domain)//", "javascript" },
        { "JaVaScRiPt:alert(1)", "javascript" },
        { " javascript:alert(1)", "javascript" },
        { "java\tscript:alert(1)", "javascript" },
        { "java\nscript:alert(1)", "javascript" },
        { "\u0001javascript:alert(1)", "javascript" },
        { "javascript:alert(1)// https://app.test/cb", "javascript" },
        { "data:text/html,<script>alert(1)</script>", "data" },
        { "DATA:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", "data" },
        { "vbscript:msgbox(1)", "vbscript" },
        { "file:///etc/passwd", "file" },
        { "blob:https://issuer.test/0f1e2d3c", "blob" },
        { "about:blank", "about" },
    };

    public static TheoryData<string> Allowed => new()
    {
        "https://app.test/cb?x=1",
        "http://127.0.0.1:8080/cb",
        "http://localhost/cb",
        "http://[::1]:3000/cb",
        "com.example.app:/oauth2redirect",
        "com.example.app://callback",
    };

    private OAuth2HttpServer Server => fixture.Server;

    private static void AssertRefused((int Status, JsonObject? Body) answer, string error, string field, string? scheme = null)
    {
        Assert.Equal(400, answer.Status);
        Assert.Equal(error, (string?)answer.Body!["error"]);
        var description = (string?)answer.Body["error_description"];
        Assert.Contains(field, description, StringComparison.Ordinal);
        if (scheme is not null)
        {
            Assert.Contains($"the {scheme}: scheme", description, StringComparison.Ordinal);
        }
    }

    private async Task<(string Id, string RegistrationToken)> CreateGoodClientAsync()
    {
        var (status, body) = await Server.SendJsonAsync(HttpMethod.Post, Server.AdminUrl + "/admin/clients", new JsonObject { ["redirect_uris"] = new JsonArray("https://app.test/cb") });
        Assert.Equal(201, status);
        return ((string)body!["client_id"]!, (string)body["registration_access_token"]!);
    }

    [Theory]
    [MemberData(nameof(Dangerous))]
    public async Task Create_and_dynamic_registration_refuse_a_dangerous_redirect_uri(string uri, string scheme)
    {
        var request = new JsonObject { ["redirect_uris"] = new JsonArray("https://app.test/cb", uri) };
        AssertRefused(await Server.SendJsonAsync(HttpMethod.Post, Server.AdminUrl + "/admin/clients", request), "invalid_redirect_uri", "redirect_uris.1", scheme);
        AssertRefused(await Server.SendJsonAsync(HttpMethod.Post, Server.AdminUrl + "/clients", request), "invalid_redirect_uri", "redirect_uris.1", scheme);
        AssertRefused(await Server.SendJsonAsync(HttpMethod.Post, Server.PublicUrl + "/oauth2/register", request), "invalid_redirect_uri", "redirect_uris.1", scheme);
    }

    [Theory]
    [MemberData(nameof(Dangerous))]
    public async Task Replace_patch_and_registration_update_refuse_a_dangerous_redirect_uri_and_keep_the_client(string uri, string scheme)
    {
        var (id, token) = await CreateGoodClientAsync();
        var replacement = new JsonObject { ["redirect_uris"] = new JsonArray(uri) };
        AssertRefused(await Server.SendJsonAsync(HttpMethod.Put, $"{Server.AdminUrl}/admin/clients/{id}", replacement), "invalid_redirect_uri", "redirect_uris.0", scheme);
        var patch = new JsonArray(new JsonObject { ["op"] = "add", ["path"] = "/redirect_uris/-", ["value"] = uri });
        AssertRefused(await Server.SendJsonAsync(HttpMethod.Patch, $"{Server.AdminUrl}/admin/clients/{id}", patch), "invalid_redirect_uri", "redirect_uris.1", scheme);
        AssertRefused(await Server.SendJsonAsync(HttpMethod.Put, $"{Server.PublicUrl}/oauth2/register/{id}", replacement, bearer: token), "invalid_redirect_uri", "redirect_uris.0", scheme);

        using var stored = await Server.GetAsync($"{Server.AdminUrl}/admin/clients/{id}");
        var document = JsonNode.Parse(await stored.Content.ReadAsStringAsync())!;
        Assert.Equal("""["https://app.test/cb"]""", document["redirect_uris"]!.ToJsonString());
    }

    [Theory]
    [InlineData("post_logout_redirect_uris")]
    [InlineData("request_uris")]
    [InlineData("client_uri")]
    [InlineData("logo_uri")]
    [InlineData("policy_uri")]
    [InlineData("tos_uri")]
    [InlineData("jwks_uri")]
    [InlineData("sector_identifier_uri")]
    [InlineData("frontchannel_logout_uri")]
    [InlineData("backchannel_logout_uri")]
    public async Task Every_other_uri_field_refuses_a_dangerous_scheme_naming_the_field(string field)
    {
        foreach (var uri in new[] { "JaVaScRiPt:alert(1)", " data:text/html,<b>x</b>", "java\tscript:alert(1)", "vbscript:msgbox(1)" })
        {
            var request = new JsonObject
            {
                ["redirect_uris"] = new JsonArray("https://app.test/cb"),
                [field] = field.EndsWith('s') ? new JsonArray(uri) : uri,
            };
            AssertRefused(await Server.SendJsonAsync(HttpMethod.Post, Server.AdminUrl + "/admin/clients", request), "invalid_client_metadata", field);
            AssertRefused(await Server.SendJsonAsync(HttpMethod.Post, Server.PublicUrl + "/oauth2/register", request), "invalid_client_metadata", field);
        }
    }

    [Theory]
    [MemberData(nameof(Allowed))]
    public async Task Web_loopback_and_native_app_redirect_uris_are_allowed(string uri)
    {
        var request = new JsonObject { ["redirect_uris"] = new JsonArray(uri), ["post_logout_redirect_uris"] = new JsonArray(uri) };
        var (status, body) = await Server.SendJsonAsync(HttpMethod.Post, Server.AdminUrl + "/admin/clients", request);
        Assert.Equal(201, status);
        Assert.Equal(uri, (string?)body!["redirect_uris"]![0]);
        var id = (string)body["client_id"]!;

        Assert.Equal(200, (await Server.SendJsonAsync(HttpMethod.Put, $"{Server.AdminUrl}/admin/clients/{id}", request)).Status);
        var patch = new JsonArray(new JsonObject { ["op"] = "replace", ["path"] = "/client_name", ["value"] = "native" });
        Assert.Equal(200, (await Server.SendJsonAsync(HttpMethod.Patch, $"{Server.AdminUrl}/admin/clients/{id}", patch)).Status);
        Assert.Equal(201, (await Server.SendJsonAsync(HttpMethod.Post, Server.PublicUrl + "/oauth2/register", request)).Status);
    }
}
