using System.Text.Json.Nodes;
using Tessera.OAuth2.Clients;
using Tessera.OAuth2.Storage;
using Tessera.Platform.Crypto;
using Tessera.Platform.Persistence;

namespace Tessera.OAuth2.Tests.Clients;

/// <summary>Creating and replacing clients through the registrar, on a real SQLite database.</summary>
public sealed class ClientRegistrarTests : IAsyncLifetime, IDisposable
{
    private static readonly ClientValidationOptions Admin = new(false, ["public"], ClientValidationOptions.HydraDefaultScope);
    private static readonly ClientValidationOptions Dynamic = Admin with { Dynamic = true };

    private readonly Tessera.Testing.TempFolder folder = new();
    private readonly SecretHasher hasher = new("pbkdf2", 1000);
    private readonly HmacTokenCodec tokens = new(new SecretKeys(["system-secret-0123456789"]));
    private readonly SteppingTime time = new(new DateTimeOffset(2026, 3, 4, 5, 6, 7, 890, TimeSpan.Zero));
    private Database? database;
    private ClientStore? store;
    private ClientRegistrar? registrar;

    public async Task InitializeAsync()
    {
        database = Database.Open($"sqlite://{folder.File("clients.sqlite")}?_fk=true");
        await new Migrator(database, OAuth2Service.Descriptor.Migrations!).ApplyAsync(CancellationToken.None);
        store = new ClientStore(database);
        registrar = Registrar(TestOutbound.Open());
    }

    public async Task DisposeAsync() => await database!.DisposeAsync();

    private ClientRegistrar Registrar(Tessera.Platform.Outbound.OutboundHttpClient outbound) => new(store!, hasher, tokens, new SectorIdentifierVerifier(outbound), outbound, time);

    public void Dispose() => folder.Dispose();

    private static JsonObject Json(string json) => JsonNode.Parse(json)!.AsObject();

    [Fact]
    public async Task Create_generates_id_and_secret_hashes_the_secret_and_shows_it_once()
    {
        var result = await registrar!.CreateAsync(Json("""{"client_name":"app","redirect_uris":["https://app.example/cb"]}"""), Admin, CancellationToken.None);
        var client = result.Client!;
        Assert.True(Guid.TryParse(client.Id, out _));
        Assert.Equal(26, result.Secret!.Length);
        Assert.True(hasher.Verify(client.SecretHash!, result.Secret));
        Assert.DoesNotContain(result.Secret, client.Document.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("2026-03-04T05:06:07Z", (string?)client.Document["created_at"]);
        Assert.Equal(client.Id, (string?)client.Document["client_id"]);

        var stored = await store!.GetAsync(client.Id, CancellationToken.None);
        Assert.Equal(client.SecretHash, stored!.SecretHash);
        Assert.True(tokens.TryGetSignature(result.RegistrationToken, "ory_at_", out var signature));
        Assert.NotNull(await store.GetByRegistrationTokenAsync(client.Id, signature, CancellationToken.None));

        var rendered = ClientDocument.Render(stored, result.Secret).Select(p => p.Key).ToList();
        Assert.Equal(["client_id", "client_name", "client_secret", "redirect_uris"], rendered.Take(4));
        Assert.DoesNotContain("client_secret", ClientDocument.Render(stored).Select(p => p.Key));
    }

    [Fact]
    public async Task A_chosen_id_and_secret_are_used_and_an_id_is_taken_once()
    {
        var first = await registrar!.CreateAsync(Json("""{"client_id":"my-app","client_secret":"chosen-secret"}"""), Admin, CancellationToken.None);
        Assert.Equal("my-app", first.Client!.Id);
        Assert.Equal("chosen-secret", first.Secret);
        Assert.True(hasher.Verify(first.Client.SecretHash!, "chosen-secret"));
        Assert.True((await registrar.CreateAsync(Json("""{"client_id":"my-app"}"""), Admin, CancellationToken.None)).Conflict);
    }

    [Fact]
    public async Task A_public_client_keeps_no_secret()
    {
        var result = await registrar!.CreateAsync(Json("""{"token_endpoint_auth_method":"none"}"""), Admin, CancellationToken.None);
        Assert.Null(result.Secret);
        Assert.Null(result.Client!.SecretHash);
        Assert.True(result.Client.IsPublic);
    }

    [Fact]
    public async Task Dynamic_registration_chooses_neither_id_nor_secret()
    {
        var refused = await registrar!.CreateAsync(Json("""{"client_secret":"my-own-secret"}"""), Dynamic, CancellationToken.None);
        Assert.Equal("It is not allowed to choose your own OAuth2 Client secret.", refused.Error!.Description);
        var created = await registrar.CreateAsync(Json("""{"client_id":"chosen"}"""), Dynamic, CancellationToken.None);
        Assert.NotEqual("chosen", created.Client!.Id);
        Assert.NotNull(created.Secret);
    }

    [Fact]
    public async Task Replace_keeps_the_secret_unless_a_new_one_is_given_and_keeps_created_at()
    {
        var created = (await registrar!.CreateAsync(Json("""{"client_name":"v1"}"""), Admin, CancellationToken.None)).Client!;
        time.Advance(TimeSpan.FromMinutes(5));
        var kept = await registrar.ReplaceAsync(created, Json("""{"client_name":"v2","created_at":"1999-01-01T00:00:00Z"}"""), Admin, CancellationToken.None);
        Assert.Null(kept.Secret);
        Assert.Equal(created.SecretHash, kept.Client!.SecretHash);
        Assert.Equal("2026-03-04T05:06:07Z", (string?)kept.Client.Document["created_at"]);
        Assert.Equal("2026-03-04T05:11:07Z", (string?)kept.Client.Document["updated_at"]);
        Assert.Equal("v2", (await store!.GetAsync(created.Id, CancellationToken.None))!.Name);

        var changed = await registrar.ReplaceAsync(created, Json("""{"client_secret":"another-secret"}"""), Admin, CancellationToken.None);
        Assert.Equal("another-secret", changed.Secret);
        Assert.True(hasher.Verify((await store.GetAsync(created.Id, CancellationToken.None))!.SecretHash!, "another-secret"));
    }

    [Fact]
    public async Task A_public_client_turned_confidential_gets_a_fresh_secret()
    {
        var created = (await registrar!.CreateAsync(Json("""{"token_endpoint_auth_method":"none"}"""), Admin, CancellationToken.None)).Client!;
        var replaced = await registrar.ReplaceAsync(created, Json("""{"token_endpoint_auth_method":"client_secret_post"}"""), Admin, CancellationToken.None);
        Assert.NotNull(replaced.Secret);
        Assert.True(hasher.Verify(replaced.Client!.SecretHash!, replaced.Secret));
    }

    [Fact]
    public async Task Dynamic_replace_rotates_the_token_keeps_administrator_fields_and_refuses_a_secret()
    {
        var created = await registrar!.CreateAsync(Json("""{"metadata":{"tier":"gold"},"skip_consent":true,"client_credentials_grant_access_token_lifespan":"5m"}"""), Admin, CancellationToken.None);
        var replaced = await registrar.ReplaceAsync(created.Client!, Json("""{"client_name":"self-service"}"""), Dynamic, CancellationToken.None);
        var client = replaced.Client!;
        Assert.Equal("""{"tier":"gold"}""", client.Document["metadata"]!.ToJsonString());
        Assert.True(client.SkipConsent);
        Assert.Equal(TimeSpan.FromMinutes(5), client.Lifespan("client_credentials_grant_access_token_lifespan"));
        Assert.Equal("self-service", client.Name);
        Assert.True(tokens.TryGetSignature(created.RegistrationToken, "ory_at_", out var oldSignature));
        Assert.True(tokens.TryGetSignature(replaced.RegistrationToken, "ory_at_", out var newSignature));
        Assert.Null(await store!.GetByRegistrationTokenAsync(client.Id, oldSignature, CancellationToken.None));
        Assert.NotNull(await store.GetByRegistrationTokenAsync(client.Id, newSignature, CancellationToken.None));

        var refused = await registrar.ReplaceAsync(client, Json("""{"client_secret":"my-own-secret"}"""), Dynamic, CancellationToken.None);
        Assert.Equal(403, refused.Error!.Status);
    }

    [Fact]
    public async Task Invalid_requests_store_nothing()
    {
        var result = await registrar!.CreateAsync(Json("""{"client_id":"bad","redirect_uris":["https://a.example/#x"]}"""), Admin, CancellationToken.None);
        Assert.Equal("invalid_redirect_uri", result.Error!.Error);
        Assert.Null(await store!.GetAsync("bad", CancellationToken.None));
        Assert.Equal("invalid_client_metadata", (await registrar.CreateAsync(Json("""{"client_id":5}"""), Admin, CancellationToken.None)).Error!.Error);
    }

    [Fact]
    public async Task Urls_the_server_fetches_may_not_point_inside_the_network_when_disallowed()
    {
        using var outbound = TestOutbound.Guarded(Resolve, "https://internal.example/allowed-jwks");
        var guarded = Registrar(outbound);
        var refused = await guarded.CreateAsync(Json("""{"jwks_uri":"https://internal.example/jwks"}"""), Admin, CancellationToken.None);
        Assert.Equal("invalid_client_metadata", refused.Error!.Error);
        Assert.Contains("Client IP address is not allowed: jwks_uri does not resolve to a permitted destination.", refused.Error.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("10.0.0.5", refused.Error.Description, StringComparison.Ordinal);
        var literal = await guarded.CreateAsync(Json("""{"request_uris":["https://public.example/r","http://[::1]:8080/r"]}"""), Admin, CancellationToken.None);
        Assert.Contains("request_uris.1", literal.Error!.Description, StringComparison.Ordinal);
        Assert.Contains("backchannel_logout_uri", (await guarded.CreateAsync(Json("""{"backchannel_logout_uri":"http://169.254.169.254/latest"}"""), Admin, CancellationToken.None)).Error!.Description, StringComparison.Ordinal);
        var unresolvable = await guarded.CreateAsync(Json("""{"jwks_uri":"https://nowhere.example/jwks"}"""), Admin, CancellationToken.None);
        Assert.Equal(refused.Error.Description, unresolvable.Error!.Description); // an unknown name and an internal one look the same

        Assert.Null((await guarded.CreateAsync(Json("""{"jwks_uri":"https://public.example/jwks"}"""), Admin, CancellationToken.None)).Error);
        Assert.Null((await guarded.CreateAsync(Json("""{"jwks_uri":"https://internal.example/allowed-jwks"}"""), Admin, CancellationToken.None)).Error);
        Assert.Null((await registrar!.CreateAsync(Json("""{"jwks_uri":"https://internal.example/jwks"}"""), Admin, CancellationToken.None)).Error);
    }

    private static Task<System.Net.IPAddress[]> Resolve(string host, CancellationToken ct) => Task.FromResult(host switch
    {
        "internal.example" => new[] { System.Net.IPAddress.Parse("93.184.216.34"), System.Net.IPAddress.Parse("10.0.0.5") },
        "public.example" => [System.Net.IPAddress.Parse("93.184.216.34")],
        _ => throw new System.Net.Sockets.SocketException(11001),
    });

    private sealed class SteppingTime(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset now = start;

        public void Advance(TimeSpan by) => now += by;

        public override DateTimeOffset GetUtcNow() => now;
    }
}
