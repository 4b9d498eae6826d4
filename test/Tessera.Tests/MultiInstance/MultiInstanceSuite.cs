using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Web;
using Tessera.Testing;

namespace Tessera.Tests.MultiInstance;

/// <summary>
/// N instances on one database behave as one: the steps of a flow spread over three processes, and
/// the races that single use must win (a refresh token, an authorization code) raced across them.
/// One subclass per backend, each with its own <see cref="OAuth2Cluster"/>.
/// </summary>
public abstract class MultiInstanceSuite(OAuth2Cluster cluster)
{
    private const string RedirectUri = "https://client.test/cb";
    private static readonly HttpClient Http = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { Timeout = TimeSpan.FromSeconds(30) };

    private OAuth2Instance At(int index) => cluster.Instances[index % OAuth2Cluster.Size];

    [Fact]
    public async Task A_flow_with_each_step_on_another_instance_issues_tokens_that_every_instance_knows()
    {
        var client = await NewClientAsync(At(1));
        var code = await CodeAsync(client, authorize: 0, loginAccept: 1, afterLogin: 2, consentAccept: 0, afterConsent: 1);
        var (status, tokens) = await TokenAsync(At(2), client, ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", RedirectUri));
        Assert.True(status == HttpStatusCode.OK, tokens.ToJsonString() + cluster.Output);
        var access = tokens["access_token"]!.GetValue<string>();
        var refresh = tokens["refresh_token"]!.GetValue<string>();
        Assert.Equal(3, tokens["id_token"]!.GetValue<string>().Split('.').Length);
        for (var i = 0; i < OAuth2Cluster.Size; i++)
        {
            Assert.True(await ActiveAsync(At(i), access), $"instance {i} does not know the access token");
        }

        // Rotation on one instance; the used refresh token presented to another is reuse: the grant is revoked everywhere.
        var (rotatedStatus, rotated) = await TokenAsync(At(0), client, ("grant_type", "refresh_token"), ("refresh_token", refresh));
        Assert.True(rotatedStatus == HttpStatusCode.OK, rotated.ToJsonString());
        var rotatedAccess = rotated["access_token"]!.GetValue<string>();
        Assert.True(await ActiveAsync(At(1), rotatedAccess));
        Assert.False(await ActiveAsync(At(2), access));

        var (reuseStatus, reuse) = await TokenAsync(At(1), client, ("grant_type", "refresh_token"), ("refresh_token", refresh));
        Assert.Equal(HttpStatusCode.BadRequest, reuseStatus);
        Assert.Equal("invalid_grant", reuse["error"]!.GetValue<string>());
        Assert.False(await ActiveAsync(At(2), rotatedAccess));
        var (afterReuseStatus, _) = await TokenAsync(At(2), client, ("grant_type", "refresh_token"), ("refresh_token", rotated["refresh_token"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.BadRequest, afterReuseStatus);
    }

    [Fact]
    public async Task One_refresh_token_raced_on_two_instances_is_redeemed_once_and_the_reuse_revokes_the_grant()
    {
        var client = await NewClientAsync(At(0));
        for (var round = 0; round < 3; round++)
        {
            var code = await CodeAsync(client, authorize: round, loginAccept: round + 1, afterLogin: round + 2, consentAccept: round, afterConsent: round + 1);
            var (status, tokens) = await TokenAsync(At(round + 2), client, ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", RedirectUri));
            Assert.True(status == HttpStatusCode.OK, tokens.ToJsonString());
            var refresh = tokens["refresh_token"]!.GetValue<string>();

            var answers = await RaceAsync(At(round), At(round + 1), instance => TokenAsync(instance, client, ("grant_type", "refresh_token"), ("refresh_token", refresh)));

            var winner = Assert.Single(answers, a => a.Status == HttpStatusCode.OK);
            var loser = Assert.Single(answers, a => a.Status != HttpStatusCode.OK);
            Assert.True(loser.Status == HttpStatusCode.BadRequest && loser.Body["error"]?.GetValue<string>() == "invalid_grant", $"round {round}: {loser.Status} {loser.Body.ToJsonString()}{cluster.Output}");

            // As on one instance: the second use of the refresh token revoked the grant, the winner's new tokens with it.
            Assert.False(await ActiveAsync(At(round + 2), winner.Body["access_token"]!.GetValue<string>()));
            Assert.False(await ActiveAsync(At(round + 2), tokens["access_token"]!.GetValue<string>()));
            var (next, nextBody) = await TokenAsync(At(round + 2), client, ("grant_type", "refresh_token"), ("refresh_token", winner.Body["refresh_token"]!.GetValue<string>()));
            Assert.Equal((HttpStatusCode.BadRequest, "invalid_grant"), (next, nextBody["error"]!.GetValue<string>()));
        }
    }

    [Fact]
    public async Task One_code_raced_on_two_instances_gives_one_token_response_and_the_replay_revokes_its_tokens()
    {
        var client = await NewClientAsync(At(2));
        for (var round = 0; round < 3; round++)
        {
            var code = await CodeAsync(client, authorize: round + 2, loginAccept: round, afterLogin: round + 1, consentAccept: round + 2, afterConsent: round);

            var answers = await RaceAsync(At(round), At(round + 1), instance => TokenAsync(instance, client, ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", RedirectUri)));

            var winner = Assert.Single(answers, a => a.Status == HttpStatusCode.OK);
            var loser = Assert.Single(answers, a => a.Status != HttpStatusCode.OK);
            Assert.True(loser.Status == HttpStatusCode.BadRequest && loser.Body["error"]?.GetValue<string>() == "invalid_grant", $"round {round}: {loser.Status} {loser.Body.ToJsonString()}{cluster.Output}");
            Assert.False(await ActiveAsync(At(round + 2), winner.Body["access_token"]!.GetValue<string>()));
            var (refreshed, _) = await TokenAsync(At(round + 2), client, ("grant_type", "refresh_token"), ("refresh_token", winner.Body["refresh_token"]!.GetValue<string>()));
            Assert.Equal(HttpStatusCode.BadRequest, refreshed);
        }
    }

    [Fact]
    public async Task Every_instance_writing_at_once_succeeds()
    {
        var client = await NewClientAsync(At(0));

        // Four lanes per instance, all at once, each writing ten times in a row: three issue
        // client_credentials tokens (group-committed inserts), one creates clients (single writes).
        var lanes = Enumerable.Range(0, OAuth2Cluster.Size * 4).Select(lane => Task.Run(async () =>
        {
            var instance = At(lane);
            var results = new List<(string What, HttpStatusCode Status, string Body)>();
            for (var i = 0; i < 10; i++)
            {
                if (lane / OAuth2Cluster.Size == 3)
                {
                    using var created = await Http.PostAsJsonAsync(instance.AdminUrl + "/admin/clients", ClientDocument("c-" + Guid.NewGuid().ToString("N")[..12], null));
                    results.Add(("client creation", created.StatusCode, await created.Content.ReadAsStringAsync()));
                }
                else
                {
                    var (status, body) = await TokenAsync(instance, client, ("grant_type", "client_credentials"), ("scope", "read"));
                    results.Add(("client_credentials", status, body.ToJsonString()));
                }
            }

            return results;
        })).ToList();
        var writes = (await Task.WhenAll(lanes)).SelectMany(r => r).ToList();

        Assert.All(writes, w => Assert.True(w.Status is HttpStatusCode.OK or HttpStatusCode.Created, $"{w.What}: {w.Status} {w.Body}"));
        Assert.Equal(OAuth2Cluster.Size * 10, writes.Count(w => w.What == "client creation"));
        var token = JsonNode.Parse(writes.First(w => w.What == "client_credentials").Body)!["access_token"]!.GetValue<string>();
        for (var i = 0; i < OAuth2Cluster.Size; i++)
        {
            Assert.True(await ActiveAsync(At(i), token));
        }

        Assert.DoesNotContain("database is locked", cluster.Output, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("SQLITE_BUSY", cluster.Output, StringComparison.Ordinal);
    }

    /// <summary>Sends <paramref name="send"/> to two instances at the same moment, on connections opened before.</summary>
    private static async Task<(HttpStatusCode Status, JsonObject Body)[]> RaceAsync(OAuth2Instance first, OAuth2Instance second, Func<OAuth2Instance, Task<(HttpStatusCode, JsonObject)>> send)
    {
        await Task.WhenAll(Http.GetAsync(first.PublicUrl + "/health/alive"), Http.GetAsync(second.PublicUrl + "/health/alive"));
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var racers = new[] { first, second }.Select(instance => Task.Run(async () =>
        {
            await go.Task;
            return await send(instance);
        })).ToList();
        go.SetResult();
        return await Task.WhenAll(racers);
    }

    private static JsonObject ClientDocument(string id, string? secret)
    {
        var document = new JsonObject
        {
            ["client_id"] = id,
            ["grant_types"] = new JsonArray("authorization_code", "refresh_token", "client_credentials"),
            ["response_types"] = new JsonArray("code"),
            ["scope"] = "openid offline read",
            ["redirect_uris"] = new JsonArray(RedirectUri),
            ["token_endpoint_auth_method"] = "client_secret_post",
        };
        if (secret is not null)
        {
            document["client_secret"] = secret;
        }

        return document;
    }

    private static async Task<(string Id, string Secret)> NewClientAsync(OAuth2Instance admin)
    {
        var client = ("client-" + Guid.NewGuid().ToString("N")[..12], "multi-instance-client-secret-" + Guid.NewGuid().ToString("N"));
        using var created = await Http.PostAsJsonAsync(admin.AdminUrl + "/admin/clients", ClientDocument(client.Item1, client.Item2));
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        return client;
    }

    /// <summary>Login and consent with each step on the instance named (an index, taken modulo the cluster's size); returns the code.</summary>
    private async Task<string> CodeAsync((string Id, string Secret) client, int authorize, int loginAccept, int afterLogin, int consentAccept, int afterConsent)
    {
        using var browser = new ClusterBrowser();
        var state = Guid.NewGuid().ToString("N");
        using var toLogin = await browser.GetAsync(At(authorize).PublicUrl +
            $"/oauth2/auth?response_type=code&client_id={client.Id}&redirect_uri={Uri.EscapeDataString(RedirectUri)}&scope=openid+offline&state={state}&nonce=n-{state}");
        Assert.True(toLogin.StatusCode == HttpStatusCode.Found, await toLogin.Content.ReadAsStringAsync());
        var loginChallenge = Query(toLogin, "login_challenge");

        var loginRequest = await AdminAsync(At(afterLogin), HttpMethod.Get, "/admin/oauth2/auth/requests/login?login_challenge=" + Uri.EscapeDataString(loginChallenge), null);
        Assert.Equal(client.Id, loginRequest["client"]!["client_id"]!.GetValue<string>());
        var afterLoginUrl = (await AdminAsync(At(loginAccept), HttpMethod.Put, "/admin/oauth2/auth/requests/login/accept?login_challenge=" + Uri.EscapeDataString(loginChallenge),
            new JsonObject { ["subject"] = "alice" }))["redirect_to"]!.GetValue<string>();

        using var toConsent = await browser.GetAsync(At(afterLogin).Public(afterLoginUrl));
        Assert.True(toConsent.StatusCode == HttpStatusCode.Found, await toConsent.Content.ReadAsStringAsync());
        var consentChallenge = Query(toConsent, "consent_challenge");
        var afterConsentUrl = (await AdminAsync(At(consentAccept), HttpMethod.Put, "/admin/oauth2/auth/requests/consent/accept?consent_challenge=" + Uri.EscapeDataString(consentChallenge),
            new JsonObject { ["grant_scope"] = new JsonArray("openid", "offline") }))["redirect_to"]!.GetValue<string>();

        using var toClient = await browser.GetAsync(At(afterConsent).Public(afterConsentUrl));
        Assert.True(toClient.StatusCode == HttpStatusCode.Found, await toClient.Content.ReadAsStringAsync());
        Assert.StartsWith(RedirectUri + "?", toClient.Headers.Location!.ToString());
        Assert.Equal(state, Query(toClient, "state"));
        return Query(toClient, "code");
    }

    private static string Query(HttpResponseMessage redirect, string name)
        => HttpUtility.ParseQueryString(redirect.Headers.Location!.Query)[name] ?? throw new InvalidOperationException($"no {name} in {redirect.Headers.Location}");

    private async Task<JsonObject> AdminAsync(OAuth2Instance instance, HttpMethod method, string path, JsonObject? body)
    {
        using var request = new HttpRequestMessage(method, instance.AdminUrl + path) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {response.StatusCode} {text}{cluster.Output}");
        return (JsonObject)JsonNode.Parse(text)!;
    }

    private static async Task<(HttpStatusCode Status, JsonObject Body)> TokenAsync(OAuth2Instance instance, (string Id, string Secret) client, params (string Name, string Value)[] form)
    {
        using var content = new FormUrlEncodedContent([.. form.Select(f => KeyValuePair.Create(f.Name, f.Value)), new("client_id", client.Id), new("client_secret", client.Secret)]);
        using var response = await Http.PostAsync(instance.PublicUrl + "/oauth2/token", content);
        return (response.StatusCode, (JsonObject)JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    private static async Task<bool> ActiveAsync(OAuth2Instance instance, string token)
    {
        using var content = new FormUrlEncodedContent([new("token", token)]);
        using var response = await Http.PostAsync(instance.AdminUrl + "/admin/oauth2/introspect", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["active"]!.GetValue<bool>();
    }
}

[Collection(nameof(MultiInstanceSuite))]
public sealed class SqliteMultiInstanceTests(SqliteMultiInstanceTests.Cluster cluster) : MultiInstanceSuite(cluster), IClassFixture<SqliteMultiInstanceTests.Cluster>
{
    public sealed class Cluster() : OAuth2Cluster(Backend.Sqlite);
}

[Collection(nameof(MultiInstanceSuite))]
public sealed class PostgresMultiInstanceTests(PostgresMultiInstanceTests.Cluster cluster) : MultiInstanceSuite(cluster), IClassFixture<PostgresMultiInstanceTests.Cluster>
{
    public sealed class Cluster() : OAuth2Cluster(Backend.Postgres);
}

[Collection(nameof(MultiInstanceSuite))]
public sealed class MariaDbMultiInstanceTests(MariaDbMultiInstanceTests.Cluster cluster) : MultiInstanceSuite(cluster), IClassFixture<MariaDbMultiInstanceTests.Cluster>
{
    public sealed class Cluster() : OAuth2Cluster(Backend.MariaDb);
}
