using System.Text.Json.Nodes;
using Tessera.Identity.Credentials;
using Tessera.Identity.Tests.Credentials;

namespace Tessera.Identity.Tests.Http;

/// <summary>Credentials and addresses through the admin API: import, include_credential, deletion, the batch, the similar filter.</summary>
public sealed class AdminCredentialsTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static async Task<JsonObject> CreateAsync(IdentityHttpServer server, string body)
    {
        var (status, answer, _) = await server.SendAsync(HttpMethod.Post, server.AdminUrl + "/admin/identities", body);
        Assert.True(status == 201, $"{status} {answer?.ToJsonString()}");
        return answer!.AsObject();
    }

    private static async Task<JsonObject> GetAsync(IdentityHttpServer server, string id, string query = "")
    {
        var (status, answer, _) = await server.SendAsync(HttpMethod.Get, $"{server.AdminUrl}/admin/identities/{id}{query}");
        Assert.Equal(200, status);
        return answer!.AsObject();
    }

    private static string? StoredHash(JsonObject identity) => (string?)identity["credentials"]?["password"]?["config"]?["hashed_password"];

    [Fact]
    public async Task A_cleartext_password_is_hashed_shown_only_when_included_and_logs_in()
    {
        await using var server = await IdentityHttpServer.StartAsync();
        var created = await CreateAsync(server, """{"traits":{"email":"Pat@Example.com"},"credentials":{"password":{"config":{"password":"x"}}}}""");
        var id = (string)created["id"]!;
        var password = created["credentials"]!["password"]!.AsObject();
        Assert.Equal("password", (string)password["type"]!);
        Assert.Equal("[\"pat@example.com\"]", password["identifiers"]!.ToJsonString());
        Assert.False(password.ContainsKey("config"));
        Assert.Equal(0, (int)password["version"]!);
        Assert.Null(StoredHash(await GetAsync(server, id)));

        // A one-letter password: no policy applies to an import, as in Kratos.
        var hash = StoredHash(await GetAsync(server, id, "?include_credential=password"));
        Assert.StartsWith("$2a$04$", hash, StringComparison.Ordinal);
        Assert.True(PasswordHashes.Verify(hash!, "x"));
        Assert.False((await GetAsync(server, id, "?include_credential=code"))["credentials"]!["password"]!.AsObject().ContainsKey("config"));

        var login = await server.Runtime.Passwords.LoginAsync("  PAT@example.com ", "x", None);
        Assert.True(login.Succeeded);
        Assert.Equal(id, login.Identity!.Id);
        Assert.Equal(PasswordLoginFailure.InvalidCredentials, (await server.Runtime.Passwords.LoginAsync("pat@example.com", "y", None)).Failure);
        Assert.Equal(PasswordLoginFailure.InvalidCredentials, (await server.Runtime.Passwords.LoginAsync("nobody@example.com", "x", None)).Failure);

        var (status, body, _) = await server.SendAsync(HttpMethod.Get, $"{server.AdminUrl}/admin/identities/{id}?include_credential=passwords");
        Assert.Equal(400, status);
        Assert.Equal("Invalid value `passwords` for parameter `include_credential`.", (string)body!["error"]!["reason"]!);
    }

    [Fact]
    public async Task An_imported_hash_of_another_format_logs_in_and_is_rehashed_with_the_configured_hasher()
    {
        await using var server = await IdentityHttpServer.StartAsync();
        var vector = PasswordHashVectors.All.First(v => v.Format == "pbkdf2");
        var created = await CreateAsync(server, new JsonObject
        {
            ["traits"] = new JsonObject { ["email"] = "old@example.com" },
            ["credentials"] = new JsonObject { ["password"] = new JsonObject { ["config"] = new JsonObject { ["hashed_password"] = vector.Hash } } },
        }.ToJsonString());
        var id = (string)created["id"]!;
        Assert.Equal(vector.Hash, StoredHash(await GetAsync(server, id, "?include_credential=password")));

        Assert.Equal(PasswordLoginFailure.InvalidCredentials, (await server.Runtime.Passwords.LoginAsync("old@example.com", "wrong", None)).Failure);
        Assert.Equal(vector.Hash, StoredHash(await GetAsync(server, id, "?include_credential=password")));

        Assert.True((await server.Runtime.Passwords.LoginAsync("old@example.com", vector.Password, None)).Succeeded);
        var rehashed = StoredHash(await GetAsync(server, id, "?include_credential=password"));
        Assert.StartsWith("$2a$", rehashed, StringComparison.Ordinal);
        Assert.True(PasswordHashes.Verify(rehashed!, vector.Password));
        Assert.True((await server.Runtime.Passwords.LoginAsync("old@example.com", vector.Password, None)).Succeeded);

        // An inactive identity is told apart only after the right password.
        var (status, _, _) = await server.SendAsync(HttpMethod.Put, $"{server.AdminUrl}/admin/identities/{id}", """{"state":"inactive","traits":{"email":"old@example.com"}}""");
        Assert.Equal(200, status);
        Assert.Equal(PasswordLoginFailure.IdentityDisabled, (await server.Runtime.Passwords.LoginAsync("old@example.com", vector.Password, None)).Failure);
        Assert.Equal(PasswordLoginFailure.InvalidCredentials, (await server.Runtime.Passwords.LoginAsync("old@example.com", "wrong", None)).Failure);

        // The PUT without credentials kept the password; one with credentials replaces it.
        (status, _, _) = await server.SendAsync(HttpMethod.Put, $"{server.AdminUrl}/admin/identities/{id}", """{"state":"active","traits":{"email":"old@example.com"},"credentials":{"password":{"config":{"password":"new one"}}}}""");
        Assert.Equal(200, status);
        Assert.True((await server.Runtime.Passwords.LoginAsync("old@example.com", "new one", None)).Succeeded);
        Assert.False((await server.Runtime.Passwords.LoginAsync("old@example.com", vector.Password, None)).Succeeded);

        Assert.True(await server.Runtime.Passwords.SetPasswordAsync(id, "set by settings", None));
        Assert.True((await server.Runtime.Passwords.LoginAsync("old@example.com", "set by settings", None)).Succeeded);
        Assert.False(await server.Runtime.Passwords.SetPasswordAsync(Guid.NewGuid().ToString(), "x", None));
    }

    [Theory]
    [InlineData("not a hash", "The imported password does not match any known hash format.")]
    [InlineData("$2a$31$abcdefghijklmnopqrstuuVYVAfU9d7UHoCtkOEAxi1HaS7GPYKTe", "cost parameters that exceed the bounds")]
    [InlineData("$argon2id$v=19$m=16,t=2,p=1$!!!$???", "could not be parsed")]
    public async Task A_hash_kratos_does_not_import_is_a_400(string hash, string reason)
    {
        await using var server = await IdentityHttpServer.StartAsync();
        var body = new JsonObject
        {
            ["traits"] = new JsonObject { ["email"] = "bad@example.com" },
            ["credentials"] = new JsonObject { ["password"] = new JsonObject { ["config"] = new JsonObject { ["hashed_password"] = hash } } },
        }.ToJsonString();
        var (status, answer, _) = await server.SendAsync(HttpMethod.Post, server.AdminUrl + "/admin/identities", body);
        Assert.Equal(400, status);
        Assert.Contains(reason, (string)answer!["error"]!["reason"]!, StringComparison.Ordinal);

        (status, answer, _) = await server.SendAsync(HttpMethod.Post, server.AdminUrl + "/admin/identities", """{"traits":{"email":"o@example.com"},"credentials":{"oidc":{"config":{"providers":[]}}}}""");
        Assert.Equal(400, status);
        Assert.Equal("Importing oidc credentials is not supported yet.", (string)answer!["error"]!["reason"]!);

        // The migration hook's flag is accepted.
        var hooked = await CreateAsync(server, """{"traits":{"email":"hook@example.com"},"credentials":{"password":{"config":{"use_password_migration_hook":true}}}}""");
        Assert.True((bool)(await GetAsync(server, (string)hooked["id"]!, "?include_credential=password"))["credentials"]!["password"]!["config"]!["use_password_migration_hook"]!);
    }

    [Fact]
    public async Task Addresses_come_from_the_traits_and_keep_their_verified_state_while_unchanged()
    {
        await using var server = await IdentityHttpServer.StartAsync();
        var created = await CreateAsync(server, """
            {"traits":{"email":"Vera@Example.com"},
             "verifiable_addresses":[{"value":"VERA@example.com","via":"email","verified":true,"status":"completed"},{"value":"other@example.com","verified":true}]}
            """);
        var id = (string)created["id"]!;
        var address = created["verifiable_addresses"]!.AsArray().Single()!;
        Assert.Equal("vera@example.com", (string)address["value"]!);
        Assert.True((bool)address["verified"]!);
        Assert.Equal("completed", (string)address["status"]!);
        Assert.NotNull(address["verified_at"]);
        var addressId = (string)address["id"]!;
        var recoveryId = (string)created["recovery_addresses"]![0]!["id"]!;

        var (status, updated, _) = await server.SendAsync(HttpMethod.Put, $"{server.AdminUrl}/admin/identities/{id}", """{"traits":{"email":"vera@example.com","name":{"first":"Vera"}}}""");
        Assert.Equal(200, status);
        Assert.Equal(addressId, (string)updated!["verifiable_addresses"]![0]!["id"]!);
        Assert.True((bool)updated["verifiable_addresses"]![0]!["verified"]!);
        Assert.Equal(recoveryId, (string)updated["recovery_addresses"]![0]!["id"]!);

        (status, updated, _) = await server.SendAsync(HttpMethod.Put, $"{server.AdminUrl}/admin/identities/{id}", """{"traits":{"email":"vera2@example.com"}}""");
        Assert.Equal(200, status);
        var changed = updated!["verifiable_addresses"]!.AsArray().Single()!;
        Assert.Equal("vera2@example.com", (string)changed["value"]!);
        Assert.False((bool)changed["verified"]!);
        Assert.Equal("pending", (string)changed["status"]!);
        Assert.NotEqual(addressId, (string)changed["id"]!);

        // Lists carry the addresses (Kratos's default expansion) but no credentials.
        var (_, list, _) = await server.SendAsync(HttpMethod.Get, $"{server.AdminUrl}/admin/identities");
        var listed = list!.AsArray().Single()!.AsObject();
        Assert.Equal("vera2@example.com", (string)listed["verifiable_addresses"]![0]!["value"]!);
        Assert.False(listed.ContainsKey("credentials"));
    }

    [Fact]
    public async Task Deleting_credentials_follows_kratos_rules()
    {
        await using var server = await IdentityHttpServer.StartAsync();
        var id = (string)(await CreateAsync(server, """{"traits":{"email":"del@example.com"},"credentials":{"password":{"config":{"password":"secret"}}}}"""))["id"]!;
        async Task<(int Status, string? Reason)> DeleteAsync(string path)
        {
            var (status, body, _) = await server.SendAsync(HttpMethod.Delete, $"{server.AdminUrl}/admin/identities/{path}");
            return (status, (string?)body?["error"]?["reason"]);
        }

        Assert.Equal((404, null), await DeleteAsync($"{Guid.NewGuid()}/credentials/password"));
        Assert.Equal((404, "You tried to remove a totp but this user have no totp set up."), await DeleteAsync($"{id}/credentials/totp"));
        Assert.Equal((400, "You cannot remove the last first factor credential."), await DeleteAsync($"{id}/credentials/password"));
        Assert.Equal((400, "Credentials type code cannot be deleted."), await DeleteAsync($"{id}/credentials/code"));
        Assert.Equal((400, "You must provide an identifier to delete this credential."), await DeleteAsync($"{id}/credentials/deviceauthn"));
        Assert.True((await server.Runtime.Passwords.LoginAsync("del@example.com", "secret", None)).Succeeded);
    }

    [Fact]
    public async Task With_passwordless_code_the_password_can_be_deleted()
    {
        await using var server = await IdentityHttpServer.StartAsync(new Dictionary<string, string> { ["selfservice"] = """{"methods":{"code":{"passwordless_enabled":true}}}""" });
        var id = (string)(await CreateAsync(server, """{"traits":{"email":"del@example.com"},"credentials":{"password":{"config":{"password":"secret"}}}}"""))["id"]!;
        var (status, _, _) = await server.SendAsync(HttpMethod.Delete, $"{server.AdminUrl}/admin/identities/{id}/credentials/password");
        Assert.Equal(204, status);
        Assert.False((await server.Runtime.Passwords.LoginAsync("del@example.com", "secret", None)).Succeeded);
        var password = (await GetAsync(server, id, "?include_credential=password"))["credentials"]!["password"]!;
        Assert.Equal("{}", password["config"]!.ToJsonString());
    }

    [Fact]
    public async Task The_batch_reports_each_item_on_its_own()
    {
        await using var server = await IdentityHttpServer.StartAsync();
        var patchIds = Enumerable.Range(0, 3).Select(_ => Guid.NewGuid().ToString()).ToArray();
        var (status, body, _) = await server.SendAsync(HttpMethod.Patch, server.AdminUrl + "/admin/identities", """
            {"identities":[
              {"create":{"traits":{"email":"one@example.com"},"credentials":{"password":{"config":{"password":"pw"}}}},"patch_id":"P0"},
              {"create":{"traits":{"email":"not an email"}},"patch_id":"P1"},
              {"create":{"traits":{"email":"ONE@example.com"}},"patch_id":"P2"},
              {"patch_id":"P3"},
              {"create":{"traits":{"email":"two@example.com"}}}
            ]}
            """.Replace("P0", patchIds[0], StringComparison.Ordinal).Replace("P1", patchIds[1], StringComparison.Ordinal).Replace("P2", patchIds[2], StringComparison.Ordinal).Replace("P3", Guid.NewGuid().ToString(), StringComparison.Ordinal));
        Assert.True(status == 200, body?.ToJsonString());
        var items = body!["identities"]!.AsArray();
        Assert.Equal(5, items.Count);
        Assert.Equal("create", (string)items[0]!["action"]!);
        Assert.Equal(patchIds[0], (string)items[0]!["patch_id"]!);
        Assert.Equal("one@example.com", (string)(await GetAsync(server, (string)items[0]!["identity"]!))["traits"]!["email"]!);
        Assert.Equal("error", (string)items[1]!["action"]!);
        Assert.Equal(400, (int)items[1]!["error"]!["code"]!);
        Assert.Contains("#/traits/email", (string)items[1]!["error"]!["reason"]!, StringComparison.Ordinal);
        Assert.False(items[1]!.AsObject().ContainsKey("identity"));
        Assert.Equal("error", (string)items[2]!["action"]!);
        Assert.Equal(409, (int)items[2]!["error"]!["code"]!);
        Assert.Equal("Conflict", (string)items[2]!["error"]!["status"]!);
        Assert.Null(items[3]);
        Assert.Equal("create", (string)items[4]!["action"]!);
        Assert.False(items[4]!.AsObject().ContainsKey("patch_id"));
        Assert.True((await server.Runtime.Passwords.LoginAsync("one@example.com", "pw", None)).Succeeded);

        // A hash that cannot be imported fails the whole request, as in Kratos; so does a body over the limit.
        (status, body, _) = await server.SendAsync(HttpMethod.Patch, server.AdminUrl + "/admin/identities",
            """{"identities":[{"create":{"traits":{"email":"three@example.com"}}},{"create":{"traits":{"email":"four@example.com"},"credentials":{"password":{"config":{"hashed_password":"nope"}}}}}]}""");
        Assert.Equal(400, status);
        Assert.Equal("The imported password does not match any known hash format.", (string)body!["error"]!["reason"]!);
        var (_, none, _) = await server.SendAsync(HttpMethod.Get, server.AdminUrl + "/admin/identities?credentials_identifier=three@example.com");
        Assert.Empty(none!.AsArray());

        var tooMany = new JsonObject { ["identities"] = new JsonArray(Enumerable.Range(0, 1001).Select(_ => (JsonNode)new JsonObject()).ToArray()) };
        (status, body, _) = await server.SendAsync(HttpMethod.Patch, server.AdminUrl + "/admin/identities", tooMany.ToJsonString());
        Assert.Equal(400, status);
        Assert.Equal("The maximum number of identities per request that can be created or deleted at once is 1000.", (string)body!["error"]!["reason"]!);
        (status, _, _) = await server.SendAsync(HttpMethod.Patch, server.AdminUrl + "/admin/identities", """{"identities":[],"other":1}""");
        Assert.Equal(400, status);
    }

    [Fact]
    public async Task The_similar_filter_matches_identifier_prefixes_and_expands_credentials()
    {
        await using var server = await IdentityHttpServer.StartAsync();
        foreach (var email in new[] { "sam1@example.com", "sam2@example.com", "sa%m@example.com", "other@example.com" })
        {
            await CreateAsync(server, "{\"traits\":{\"email\":\"" + email + "\"}}");
        }

        async Task<List<string>> FindAsync(string query)
        {
            var (status, body, _) = await server.SendAsync(HttpMethod.Get, $"{server.AdminUrl}/admin/identities?{query}");
            Assert.Equal(200, status);
            return body!.AsArray().Select(i => (string)i!["traits"]!["email"]!).Order(StringComparer.Ordinal).ToList();
        }

        Assert.Equal(["sa%m@example.com", "sam1@example.com", "sam2@example.com"], await FindAsync("preview_credentials_identifier_similar=SA"));
        Assert.Equal(["sa%m@example.com"], await FindAsync("preview_credentials_identifier_similar=sa%25"));
        Assert.Empty(await FindAsync("preview_credentials_identifier_similar=am"));

        var (_, expanded, _) = await server.SendAsync(HttpMethod.Get, $"{server.AdminUrl}/admin/identities?preview_credentials_identifier_similar=sam1");
        Assert.Equal("[\"sam1@example.com\"]", expanded![0]!["credentials"]!["password"]!["identifiers"]!.ToJsonString());
        var (status, refused, _) = await server.SendAsync(HttpMethod.Get, $"{server.AdminUrl}/admin/identities?preview_credentials_identifier_similar=s&credentials_identifier=x");
        Assert.Equal(400, status);
        Assert.Equal("You cannot combine multiple filters in this API", (string)refused!["error"]!["reason"]!);
    }
}
