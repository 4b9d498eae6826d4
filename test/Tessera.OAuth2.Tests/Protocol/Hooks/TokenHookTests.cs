using System.Text.Json.Nodes;
using Tessera.OAuth2.Protocol;
using Tessera.OAuth2.Tests.Flows;

namespace Tessera.OAuth2.Tests.Protocol.Hooks;

public sealed class TokenHookTests
{
    private static readonly ClientCredentials Svc = new(BasicId: "svc", BasicSecret: "s3cret-s3cret");

    private static async Task<OAuth2TestRuntime> StartAsync(TokenHookServer hook)
    {
        await hook.StartAsync();
        var test = await OAuth2TestRuntime.StartAsync(new Dictionary<string, string>
        {
            ["oauth2.token_hook.url"] = hook.Url,
            ["oauth2.token_hook.auth.type"] = "api_key",
            ["oauth2.token_hook.auth.config.in"] = "header",
            ["oauth2.token_hook.auth.config.name"] = "X-Hook-Key",
            ["oauth2.token_hook.auth.config.value"] = "hook-key-0123",
        });
        await test.AddClientAsync("svc", "s3cret-s3cret", new JsonObject { ["grant_types"] = new JsonArray("client_credentials"), ["scope"] = "read" });
        return test;
    }

    private static Task<(TokenResponse? Response, OAuth2Error? Error)> ClientCredentialsAsync(OAuth2TestRuntime test)
        => test.Runtime.Protocol.Token.HandleAsync(
            new TokenRequest(new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["scope"] = "read", ["client_secret"] = "not-for-the-hook" }, Svc),
            CancellationToken.None);

    [Fact]
    public async Task The_hook_sees_the_grant_and_its_answer_replaces_the_extra_claims()
    {
        await using var hook = new TokenHookServer { Status = 200, Answer = """{"session":{"access_token":{"tenant":"t-42"},"id_token":{"email":"svc@example.com"}}}""" };
        await using var test = await StartAsync(hook);

        var (response, error) = await ClientCredentialsAsync(test);

        Assert.Null(error);
        var found = await test.Runtime.Protocol.Introspection.IntrospectAsync(response!.AccessToken, [], CancellationToken.None);
        Assert.Equal("t-42", found!.Token.Session.AccessTokenClaims["tenant"]!.GetValue<string>());
        Assert.Equal("svc@example.com", found.Token.Session.IdTokenClaims["email"]!.GetValue<string>());

        Assert.Equal("hook-key-0123", hook.LastHeaders!["X-Hook-Key"]);
        Assert.StartsWith("application/json", hook.LastHeaders["Content-Type"], StringComparison.Ordinal);
        var body = hook.LastBody!;
        Assert.Equal("svc", body["request"]!["client_id"]!.GetValue<string>());
        Assert.Equal("client_credentials", body["request"]!["grant_types"]![0]!.GetValue<string>());
        Assert.Equal("read", body["request"]!["granted_scopes"]![0]!.GetValue<string>());
        Assert.Equal("svc", body["request"]!["client"]!["client_id"]!.GetValue<string>());
        Assert.Null(body["request"]!["client"]!["client_secret"]);
        Assert.Empty(body["request"]!["payload"]!.AsObject());
        Assert.Equal("svc", body["session"]!["id_token"]!["subject"]!.GetValue<string>());
        Assert.Equal("svc", body["session"]!["client_id"]!.GetValue<string>());
        Assert.DoesNotContain("not-for-the-hook", body.ToJsonString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(204, "", null)]
    [InlineData(403, "", "access_denied")]
    [InlineData(500, "", "server_error")]
    [InlineData(200, "not json", "server_error")]
    [InlineData(200, "[1,2]", "server_error")]
    public async Task The_hooks_status_decides(int status, string answer, string? expectedError)
    {
        await using var hook = new TokenHookServer { Status = status, Answer = answer };
        await using var test = await StartAsync(hook);

        var (response, error) = await ClientCredentialsAsync(test);

        Assert.Equal(1, hook.Calls);
        Assert.Equal(expectedError, error?.Error);
        Assert.Equal(expectedError is null, response is not null);
    }

    [Fact]
    public async Task A_refused_code_exchange_leaves_the_code_usable()
    {
        await using var hook = new TokenHookServer { Status = 403 };
        await hook.StartAsync();
        await using var test = await AuthorizeFlowTests.StartAsync(config: new Dictionary<string, string> { ["oauth2.token_hook"] = hook.Url });
        var (location, _) = await AuthorizeFlowTests.RunAsync(test, new BrowserDriver(test));
        var code = BrowserDriver.Query(location)["code"];

        var (_, refused) = await AuthorizeFlowTests.ExchangeAsync(test, code);
        Assert.Equal("access_denied", refused!.Error);
        Assert.Equal("authorization_code", hook.LastBody!["request"]!["grant_types"]![0]!.GetValue<string>());
        Assert.Equal("alice", hook.LastBody["session"]!["id_token"]!["id_token_claims"]!["sub"]!.GetValue<string>());

        hook.Status = 204;
        var (tokens, error) = await AuthorizeFlowTests.ExchangeAsync(test, code);
        Assert.Null(error);
        Assert.NotNull(tokens!.AccessToken);
    }
}
