using System.Text.Json.Nodes;
using Tessera.OAuth2.Keys;
using Tessera.OAuth2.Protocol;
using Tessera.OAuth2.Tests.Http;
using Tessera.OAuth2.Tests.Keys;
using Tessera.Platform.Jose;
using Tessera.Testing;

namespace Tessera.OAuth2.Tests.Protocol;

/// <summary>
/// Client enumeration: wherever clients authenticate over HTTP (token, revocation, device
/// authorization), an unknown client and a known one with a wrong credential get the same answer, and
/// an unknown client still pays for a secret-hash comparison.
/// </summary>
public sealed class ClientAuthenticationTests : IAsyncLifetime
{
    private static readonly JsonObject SigningKey = TestKeys.For("RS256", "rsa-1");
    private OAuth2HttpServer server = null!;

    private OAuth2TestRuntime Test => server.Test;

    public async Task InitializeAsync()
    {
        server = await OAuth2HttpServer.StartAsync();
        // The listener echoes a caller's request id (and makes up a fresh one otherwise): one id for every
        // request here keeps that header comparable between answers.
        server.Http.DefaultRequestHeaders.Add("X-Request-Id", "client-authentication-tests");
        JsonObject Document(string method) => new()
        {
            ["grant_types"] = new JsonArray("client_credentials", "urn:ietf:params:oauth:grant-type:device_code"),
            ["scope"] = "read",
            ["token_endpoint_auth_method"] = method,
        };
        await Test.AddClientAsync("basic", "basic-secret-123", Document("client_secret_basic"));
        await Test.AddClientAsync("post", "post-secret-123", Document("client_secret_post"));
        var signer = Document("private_key_jwt");
        signer["jwks"] = new JsonObject { ["keys"] = new JsonArray(JsonWebKeyGenerator.PublicPart(SigningKey)) };
        await Test.AddClientAsync("signer", null, signer);
    }

    public async Task DisposeAsync() => await server.DisposeAsync();

    public static TheoryData<string, string> Endpoints => new()
    {
        { "/oauth2/token", "grant_type=client_credentials" },
        { "/oauth2/revoke", "token=ory_at_unknown" },
        { "/oauth2/device/auth", "scope=read" },
    };

    /// <summary>Status, body and every header but the date: what a caller could compare.</summary>
    private static async Task<string> AnswerAsync(HttpResponseMessage response)
    {
        var headers = response.Headers.Concat(response.Content.Headers)
            .Where(h => h.Key != "Date")
            .OrderBy(h => h.Key, StringComparer.Ordinal)
            .Select(h => h.Key + ": " + string.Join(", ", h.Value));
        return $"{(int)response.StatusCode}\n{string.Join('\n', headers)}\n{await response.Content.ReadAsStringAsync()}";
    }

    private static Dictionary<string, string> Form(string form, params (string Name, string Value)[] extra)
    {
        var fields = form.Split('=');
        var result = new Dictionary<string, string> { [fields[0]] = fields[1] };
        foreach (var (name, value) in extra)
        {
            result[name] = value;
        }

        return result;
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task A_wrong_secret_is_answered_as_an_unknown_client_is(string path, string form)
    {
        using var wrongBasic = await server.PostFormAsync(server.PublicUrl + path, Form(form), "basic", "not-the-secret");
        using var unknownBasic = await server.PostFormAsync(server.PublicUrl + path, Form(form), "nobody", "not-the-secret");
        using var wrongPost = await server.PostFormAsync(server.PublicUrl + path, Form(form, ("client_id", "post"), ("client_secret", "not-the-secret")));
        using var unknownPost = await server.PostFormAsync(server.PublicUrl + path, Form(form, ("client_id", "nobody"), ("client_secret", "not-the-secret")));

        var expected = await AnswerAsync(unknownBasic);
        Assert.StartsWith("401\n", expected, StringComparison.Ordinal);
        Assert.Contains("WWW-Authenticate: Basic realm=\"oauth2\"", expected, StringComparison.Ordinal);
        var body = await OAuth2HttpServer.JsonAsync(unknownBasic);
        Assert.Equal("invalid_client", body["error"]!.GetValue<string>());
        Assert.Equal(ClientAuthenticator.FailedDescription, body["error_description"]!.GetValue<string>());
        Assert.Equal(expected, await AnswerAsync(wrongBasic));
        Assert.Equal(expected, await AnswerAsync(unknownPost));
        Assert.Equal(expected, await AnswerAsync(wrongPost));

        using var right = await server.PostFormAsync(server.PublicUrl + path, Form(form), "basic", "basic-secret-123");
        Assert.True(right.IsSuccessStatusCode, await right.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_unknown_client_still_costs_a_secret_hash_comparison()
    {
        var hasher = Test.Runtime.Hasher;
        var before = hasher.SlowVerifications;
        using var unknown = await server.PostFormAsync(server.PublicUrl + "/oauth2/token", Form("grant_type=client_credentials"), "nobody", "some-secret");
        Assert.Equal(before + 1, hasher.SlowVerifications);

        using var wrong = await server.PostFormAsync(server.PublicUrl + "/oauth2/token", Form("grant_type=client_credentials"), "basic", "some-secret");
        Assert.Equal(before + 2, hasher.SlowVerifications);
    }

    [Fact]
    public async Task A_client_assertion_by_a_foreign_key_is_answered_as_one_for_an_unknown_client()
    {
        var foreignKey = TestKeys.For("RS256", "rsa-1"); // same kid, another key
        string Assertion(string clientId, JsonObject key)
        {
            var now = Test.Time.GetUtcNow().ToUnixTimeSeconds();
            return JsonWebSignature.Sign(new JsonObject
            {
                ["iss"] = clientId,
                ["sub"] = clientId,
                ["aud"] = Test.Runtime.Protocol.Options.TokenUrl,
                ["exp"] = now + 300,
                ["iat"] = now,
                ["jti"] = Guid.NewGuid().ToString(),
            }, key);
        }

        Task<HttpResponseMessage> PostAsync(string clientId, JsonObject key) => server.PostFormAsync(server.PublicUrl + "/oauth2/token", Form("grant_type=client_credentials",
            ("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"), ("client_assertion", Assertion(clientId, key))));

        using var forged = await PostAsync("signer", foreignKey);
        using var unknown = await PostAsync("nobody", foreignKey);
        Assert.Equal(401, (int)unknown.StatusCode);
        Assert.Equal(await AnswerAsync(unknown), await AnswerAsync(forged));

        using var signed = await PostAsync("signer", SigningKey);
        Assert.True(signed.IsSuccessStatusCode, await signed.Content.ReadAsStringAsync());
    }
}
