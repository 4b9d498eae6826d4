using System.Text;
using Tessera.OAuth2.Clients;

namespace Tessera.OAuth2.Tests.Clients;

public sealed class ClientFactsTests
{
    [Fact]
    public void A_stored_document_reads_the_same_as_the_document_it_came_from()
    {
        const string json = """
            {"client_id":"c1","client_name":"App","owner":"team","redirect_uris":["https://app.example.com/cb",""],
             "grant_types":["authorization_code","refresh_token"],"response_types":["code"],"scope":"openid  offline",
             "audience":["https://api.example.com"],"token_endpoint_auth_method":"client_secret_post",
             "jwks":{"keys":[]},"subject_type":"pairwise","skip_consent":true,"backchannel_logout_session_required":false,
             "access_token_strategy":"jwt","authorization_code_grant_access_token_lifespan":"30m","metadata":{"nested":["x"]}}
            """;
        var stored = OAuth2Client.FromStored("c1", "hash", json);
        var built = new OAuth2Client { Id = "c1", SecretHash = "hash", Document = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject() };

        foreach (var client in new[] { stored, built })
        {
            Assert.Equal("App", client.Name);
            Assert.Equal("team", client.Owner);
            Assert.Equal(["https://app.example.com/cb"], client.RedirectUris);
            Assert.Equal(["authorization_code", "refresh_token"], client.GrantTypes);
            Assert.Equal(["openid", "offline"], client.Scopes);
            Assert.Equal(["https://api.example.com"], client.Audience);
            Assert.Equal("client_secret_post", client.TokenEndpointAuthMethod);
            Assert.Equal("pairwise", client.SubjectType);
            Assert.True(client.SkipConsent);
            Assert.False(client.BackchannelLogoutSessionRequired);
            Assert.Equal("jwt", client.AccessTokenStrategy);
            Assert.Equal(TimeSpan.FromMinutes(30), client.Lifespan("authorization_code_grant_access_token_lifespan"));
            Assert.Null(client.Lifespan("client_credentials_grant_access_token_lifespan"));
            Assert.NotNull(client.Jwks);
            Assert.Equal("x", client.Document["metadata"]!["nested"]![0]!.GetValue<string>());
        }
    }

    [Fact]
    public void Missing_and_mistyped_members_fall_back_to_hydras_defaults()
    {
        var client = OAuth2Client.FromStored("c2", null, """{"grant_types":"authorization_code","token_endpoint_auth_method":7,"skip_consent":"yes","scope":null}""");

        Assert.Equal(["authorization_code"], client.GrantTypes);
        Assert.Equal(["code"], client.ResponseTypes);
        Assert.Equal("client_secret_basic", client.TokenEndpointAuthMethod);
        Assert.False(client.SkipConsent);
        Assert.Empty(client.Scopes);
        Assert.Equal("public", client.SubjectType);
        Assert.Null(client.AccessTokenStrategy);
    }

    [Fact]
    public void Facts_are_read_from_utf8_json_in_one_pass()
    {
        var facts = ClientFacts.Read(Encoding.UTF8.GetBytes("""{"client_name":"caf\u00e9","owner":"o","post_logout_redirect_uris":["https://x/"]}"""));

        Assert.Equal("café", facts.Name);
        Assert.Equal(["https://x/"], facts.PostLogoutRedirectUris);
    }
}
