using System.Text.Json.Nodes;
using Tessera.OAuth2.Protocol;

namespace Tessera.OAuth2.Tests.Protocol;

public sealed class TokenEndpointTests
{
    private static JsonObject Confidential(string scope = "read write offline_access openid", params string[] grants) => new()
    {
        ["grant_types"] = new JsonArray(grants.Length == 0 ? ["client_credentials", "authorization_code", "refresh_token"] : grants.Select(g => (JsonNode?)g).ToArray()),
        ["scope"] = scope,
        ["audience"] = new JsonArray("https://api.test/"),
        ["redirect_uris"] = new JsonArray("https://app.test/cb"),
    };

    private static TokenRequest Request(ClientCredentials credentials, params (string, string)[] form)
        => new(form.ToDictionary(p => p.Item1, p => p.Item2), credentials);

    [Fact]
    public async Task Client_credentials_issues_an_opaque_token_that_introspects_active()
    {
        await using var test = await OAuth2TestRuntime.StartAsync();
        await test.AddClientAsync("svc", "s3cret-s3cret", Confidential());
        var protocol = test.Runtime.Protocol;

        var (response, error) = await protocol.Token.HandleAsync(
            Request(new ClientCredentials(BasicId: "svc", BasicSecret: "s3cret-s3cret"), ("grant_type", "client_credentials"), ("scope", "read"), ("audience", "https://api.test/orders")),
            CancellationToken.None);

        Assert.Null(error);
        Assert.StartsWith("ory_at_", response!.AccessToken, StringComparison.Ordinal);
        Assert.Null(response.RefreshToken);
        Assert.Equal(3600, response.ExpiresIn);
        Assert.Equal("read", response.Scope);
        var introspected = await protocol.Introspection.IntrospectAsync(response.AccessToken, [], CancellationToken.None);
        Assert.NotNull(introspected);
        Assert.Equal("svc", introspected.Token.Session.Subject);
        Assert.Equal(["https://api.test/orders"], introspected.Token.Session.GrantedAudience);
        Assert.Null(await protocol.Introspection.IntrospectAsync(response.AccessToken, ["write"], CancellationToken.None));

        test.Time.Advance(TimeSpan.FromHours(1));
        Assert.Null(await protocol.Introspection.IntrospectAsync(response.AccessToken, [], CancellationToken.None));
    }

    [Theory]
    [InlineData("svc", "wrong", "invalid_client")]
    [InlineData("nobody", "s3cret-s3cret", "invalid_client")]
    [InlineData("", "", "invalid_client")]
    public async Task Client_authentication_failures_are_invalid_client_with_401(string id, string secret, string expected)
    {
        await using var test = await OAuth2TestRuntime.StartAsync();
        await test.AddClientAsync("svc", "s3cret-s3cret", Confidential());
        var (response, error) = await test.Runtime.Protocol.Token.HandleAsync(
            Request(new ClientCredentials(BasicId: id, BasicSecret: secret), ("grant_type", "client_credentials")), CancellationToken.None);
        Assert.Null(response);
        Assert.Equal(expected, error!.Error);
        Assert.Equal(401, error.Status);
    }

    [Fact]
    public async Task A_secret_in_the_body_is_refused_for_a_client_registered_for_basic()
    {
        await using var test = await OAuth2TestRuntime.StartAsync();
        await test.AddClientAsync("svc", "s3cret-s3cret", Confidential());
        var (_, error) = await test.Runtime.Protocol.Token.HandleAsync(
            Request(new ClientCredentials(FormId: "svc", FormSecret: "s3cret-s3cret"), ("grant_type", "client_credentials")), CancellationToken.None);
        Assert.Equal("invalid_client", error!.Error);
        Assert.Contains("client_secret_post", error.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scope_audience_and_grant_type_are_checked_against_the_client()
    {
        await using var test = await OAuth2TestRuntime.StartAsync();
        await test.AddClientAsync("svc", "s3cret-s3cret", Confidential("read", "client_credentials"));
        var basic = new ClientCredentials(BasicId: "svc", BasicSecret: "s3cret-s3cret");
        var token = test.Runtime.Protocol.Token;

        Assert.Equal("invalid_scope", (await token.HandleAsync(Request(basic, ("grant_type", "client_credentials"), ("scope", "admin")), CancellationToken.None)).Error!.Error);
        Assert.Equal("invalid_request", (await token.HandleAsync(Request(basic, ("grant_type", "client_credentials"), ("audience", "https://evil.test/")), CancellationToken.None)).Error!.Error);
        Assert.Equal("unauthorized_client", (await token.HandleAsync(Request(basic, ("grant_type", "refresh_token"), ("refresh_token", "x")), CancellationToken.None)).Error!.Error);
        Assert.Equal("unsupported_grant_type", (await token.HandleAsync(Request(basic, ("grant_type", "password")), CancellationToken.None)).Error!.Error);
        Assert.Equal("invalid_request", (await token.HandleAsync(Request(basic), CancellationToken.None)).Error!.Error);
    }

    [Fact]
    public async Task Wildcard_scopes_cover_deeper_scopes()
    {
        await using var test = await OAuth2TestRuntime.StartAsync();
        await test.AddClientAsync("svc", "s3cret-s3cret", Confidential("photos.*", "client_credentials"));
        var (response, error) = await test.Runtime.Protocol.Token.HandleAsync(
            Request(new ClientCredentials(BasicId: "svc", BasicSecret: "s3cret-s3cret"), ("grant_type", "client_credentials"), ("scope", "photos.read photos.album.write")), CancellationToken.None);
        Assert.Null(error);
        Assert.Equal("photos.read photos.album.write", response!.Scope);
    }

    [Fact]
    public async Task A_public_client_cannot_use_client_credentials()
    {
        await using var test = await OAuth2TestRuntime.StartAsync();
        var document = Confidential("read", "client_credentials");
        document["token_endpoint_auth_method"] = "none";
        await test.AddClientAsync("spa", null, document);
        var (_, error) = await test.Runtime.Protocol.Token.HandleAsync(
            Request(new ClientCredentials(FormId: "spa"), ("grant_type", "client_credentials")), CancellationToken.None);
        Assert.Equal("unauthorized_client", error!.Error);
    }
}
