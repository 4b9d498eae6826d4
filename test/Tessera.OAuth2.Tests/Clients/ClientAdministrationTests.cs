using System.Text.Json.Nodes;
using Tessera.OAuth2.Clients;

namespace Tessera.OAuth2.Tests.Clients;

/// <summary>What the client operations decide before the registrar writes: patches, lifespans, registration tokens.</summary>
public sealed class ClientAdministrationTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private OAuth2TestRuntime test = null!;

    private ClientAdministration Clients => test.Runtime.Clients;

    public async Task InitializeAsync() => test = await OAuth2TestRuntime.StartAsync(new Dictionary<string, string> { ["oidc.dynamic_client_registration.enabled"] = "true" });

    public async Task DisposeAsync() => await test.DisposeAsync();

    private static JsonObject Json(string json) => JsonNode.Parse(json)!.AsObject();

    [Fact]
    public async Task A_patch_is_applied_to_the_stored_document_and_a_patched_secret_becomes_the_secret()
    {
        var created = (await Clients.CreateAsync(Json("""{"client_id":"app","client_name":"v1"}"""), dynamic: false, None)).Client!;
        var patched = await Clients.PatchAsync("app", JsonNode.Parse("""[{"op":"replace","path":"/client_name","value":"v2"},{"op":"add","path":"/client_secret","value":"new-secret-0123456789"}]""")!, None);
        Assert.Equal("v2", patched.Client!.Name);
        Assert.Equal("new-secret-0123456789", patched.Secret);
        Assert.NotEqual(created.SecretHash, (await Clients.GetAsync("app", None))!.SecretHash);
    }

    [Theory]
    [InlineData("""[{"op":"replace","path":"/client_id","value":"other"}]""", "The client_id of a client cannot be changed.")]
    [InlineData("""[{"op":"remove","path":""}]""", null)]
    [InlineData("""[{"op":"remove","path":"/no_such_member"}]""", null)]
    public async Task A_patch_that_cannot_apply_or_changes_the_id_writes_nothing(string patch, string? reason)
    {
        await Clients.CreateAsync(Json("""{"client_id":"app","client_name":"v1"}"""), dynamic: false, None);
        var result = await Clients.PatchAsync("app", JsonNode.Parse(patch)!, None);
        Assert.Null(result.Client);
        Assert.NotNull(result.Malformed);
        if (reason is not null)
        {
            Assert.Equal(reason, result.Malformed);
        }

        Assert.Equal("v1", (await Clients.GetAsync("app", None))!.Name);
    }

    [Fact]
    public async Task Writes_to_a_missing_client_are_not_found()
    {
        Assert.Same(ClientWrite.NotFound, await Clients.ReplaceAsync("missing", Json("{}"), None));
        Assert.Same(ClientWrite.NotFound, await Clients.PatchAsync("missing", new JsonArray(), None));
        Assert.Same(ClientWrite.NotFound, await Clients.SetLifespansAsync("missing", Json("{}"), None));
    }

    [Fact]
    public async Task Lifespans_refuse_an_unknown_field_before_looking_for_the_client_and_reset_the_ones_left_out()
    {
        var unknown = await Clients.SetLifespansAsync("missing", Json("""{"client_name":"x"}"""), None);
        Assert.Equal("invalid_client_metadata", unknown.Error!.Error);
        Assert.EndsWith("Field client_name is not a token lifespan.", unknown.Error.Description, StringComparison.Ordinal);

        await Clients.CreateAsync(Json("""{"client_id":"app","refresh_token_grant_refresh_token_lifespan":"1h"}"""), dynamic: false, None);
        var set = await Clients.SetLifespansAsync("app", Json("""{"client_credentials_grant_access_token_lifespan":"5m"}"""), None);
        Assert.Equal("5m", (string?)set.Client!.Document["client_credentials_grant_access_token_lifespan"]);
        Assert.Null(set.Client.Document["refresh_token_grant_refresh_token_lifespan"]);
    }

    [Fact]
    public async Task A_registered_client_is_found_only_with_its_own_registration_token()
    {
        var first = await Clients.CreateAsync(Json("{}"), dynamic: true, None);
        var second = await Clients.CreateAsync(Json("{}"), dynamic: true, None);
        Assert.True(Clients.RegistrationEnabled);
        Assert.Equal(first.Client!.Id, (await Clients.FindRegisteredAsync(first.Client.Id, first.RegistrationToken, None))!.Id);
        Assert.Null(await Clients.FindRegisteredAsync(first.Client.Id, second.RegistrationToken, None));
        Assert.Null(await Clients.FindRegisteredAsync(first.Client.Id, first.RegistrationToken + "x", None));
        Assert.Null(await Clients.FindRegisteredAsync(first.Client.Id, null, None));
    }
}
