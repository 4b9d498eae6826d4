using System.Text.Json.Nodes;

namespace Tessera.OAuth2.Tests.Http;

/// <summary>Hydra's no-cache rule on both listeners: every GET answer says not to store it; other methods keep their own.</summary>
public sealed class NoCacheRoutesTests(OAuth2HttpFixture fixture) : IClassFixture<OAuth2HttpFixture>
{
    private OAuth2HttpServer Server => fixture.Server;

    [Theory]
    [InlineData("admin", "/admin/clients")]
    [InlineData("admin", "/clients")]
    [InlineData("admin", "/admin/keys/hydra.openid.id-token")]
    [InlineData("admin", "/admin/trust/grants/jwt-bearer/issuers")]
    [InlineData("admin", "/admin/oauth2/auth/sessions/consent?subject=nobody")]
    [InlineData("admin", "/admin/oauth2/auth/requests/login?login_challenge=unknown")]
    [InlineData("public", "/.well-known/openid-configuration")]
    [InlineData("public", "/.well-known/jwks.json")]
    public async Task Every_get_answer_is_marked_not_to_be_stored(string listener, string path)
    {
        using var response = await Server.Http.GetAsync((listener == "admin" ? Server.AdminUrl : Server.PublicUrl) + path);
        Assert.Equal("private, no-cache, no-store, must-revalidate", Raw(response));
    }

    [Fact]
    public async Task Other_methods_keep_their_own_answer_headers()
    {
        var body = new JsonObject { ["client_name"] = "no-cache" }.ToJsonString();
        using var created = await Server.Http.PostAsync(Server.AdminUrl + "/admin/clients", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(201, (int)created.StatusCode);
        Assert.Null(Raw(created));

        using var token = await Server.PostFormAsync(Server.PublicUrl + "/oauth2/token", [new("grant_type", "client_credentials")]);
        Assert.Equal("no-store", Raw(token));
    }

    /// <summary>The header as sent (the typed header reorders its directives).</summary>
    internal static string? Raw(HttpResponseMessage response)
        => response.Headers.NonValidated.TryGetValues("Cache-Control", out var values) ? values.ToString() : null;
}
