using System.Text.Json.Nodes;
using Tessera.OAuth2.Clients;
using Tessera.OAuth2.Storage;
using Tessera.Platform.Persistence;
using Tessera.Testing;

namespace Tessera.OAuth2.Tests.Storage;

/// <summary>The client store against a real database; one subclass per backend.</summary>
public abstract class ClientStoreSuite(Backend backend) : OAuth2StoreSuite(backend)
{
    private async Task<(Database Database, ClientStore Clients)> OpenAsync()
    {
        var database = await OpenMigratedAsync();
        return (database, new ClientStore(database));
    }

    private static OAuth2Client Client(string id, string name = "", string owner = "", string? hash = "$pbkdf2-sha256$hash", string updated = "2026-01-02T03:04:05Z")
        => new()
        {
            Id = id,
            SecretHash = hash,
            Document = new JsonObject
            {
                ["client_id"] = id,
                ["client_name"] = name,
                ["owner"] = owner,
                ["redirect_uris"] = new JsonArray("https://app.example/cb"),
                ["metadata"] = new JsonObject { ["ünïcode"] = "✓", ["n"] = 1 },
                ["created_at"] = "2026-01-02T03:04:05Z",
                ["updated_at"] = updated,
            },
        };

    [Fact]
    public async Task Create_get_update_delete_round_trip()
    {
        var (database, clients) = await OpenAsync();
        await using var _ = database;
        var created = Client("c1", "App", "alice");
        Assert.True(await clients.CreateAsync(created, null, CancellationToken.None));

        var read = await clients.GetAsync("c1", CancellationToken.None);
        Assert.NotNull(read);
        Assert.Equal("$pbkdf2-sha256$hash", read.SecretHash);
        Assert.True(JsonNode.DeepEquals(created.Document, read.Document), read.Document.ToJsonString());
        Assert.Equal("App", read.Name);
        Assert.Equal(["https://app.example/cb"], read.RedirectUris);

        Assert.True(await clients.UpdateAsync(Client("c1", "Renamed", "bob", hash: null, updated: "2026-02-02T00:00:00Z"), CancellationToken.None));
        var updated = await clients.GetAsync("c1", CancellationToken.None);
        Assert.Equal("Renamed", updated!.Name);
        Assert.Null(updated.SecretHash);
        Assert.Equal("2026-02-02T00:00:00Z", (string?)updated.Document["updated_at"]);
        Assert.Single(await clients.ListAsync(null, "bob", "", 10, CancellationToken.None));

        Assert.True(await clients.DeleteAsync("c1", CancellationToken.None));
        Assert.Null(await clients.GetAsync("c1", CancellationToken.None));
        Assert.False(await clients.DeleteAsync("c1", CancellationToken.None));
        Assert.False(await clients.UpdateAsync(Client("c1"), CancellationToken.None));
    }

    [Fact]
    public async Task An_id_is_taken_once()
    {
        var (database, clients) = await OpenAsync();
        await using var _ = database;
        Assert.True(await clients.CreateAsync(Client("same", "first"), null, CancellationToken.None));
        Assert.False(await clients.CreateAsync(Client("same", "second"), null, CancellationToken.None));
        Assert.Equal("first", (await clients.GetAsync("same", CancellationToken.None))!.Name);
    }

    [Fact]
    public async Task Registration_tokens_are_found_by_signature_and_rotate_on_update()
    {
        var (database, clients) = await OpenAsync();
        await using var _ = database;
        await clients.CreateAsync(Client("dyn"), "sig-1", CancellationToken.None);
        await clients.CreateAsync(Client("admin-made"), null, CancellationToken.None);
        Assert.NotNull(await clients.GetByRegistrationTokenAsync("dyn", "sig-1", CancellationToken.None));
        Assert.Null(await clients.GetByRegistrationTokenAsync("dyn", "sig-2", CancellationToken.None));
        Assert.Null(await clients.GetByRegistrationTokenAsync("admin-made", "sig-1", CancellationToken.None));

        // An update without a new signature keeps the old one; with one, the old token stops working.
        Assert.True(await clients.UpdateAsync(Client("dyn", "x"), CancellationToken.None));
        Assert.NotNull(await clients.GetByRegistrationTokenAsync("dyn", "sig-1", CancellationToken.None));
        Assert.True(await clients.UpdateAsync(Client("dyn", "y"), "sig-2", CancellationToken.None));
        Assert.Null(await clients.GetByRegistrationTokenAsync("dyn", "sig-1", CancellationToken.None));
        Assert.Equal("y", (await clients.GetByRegistrationTokenAsync("dyn", "sig-2", CancellationToken.None))!.Name);
    }

    [Fact]
    public async Task Listing_pages_by_id_and_filters_by_exact_name_and_owner()
    {
        var (database, clients) = await OpenAsync();
        await using var _ = database;
        for (var i = 0; i < 7; i++)
        {
            await clients.CreateAsync(Client($"client-{i}", i % 2 == 0 ? "even" : "odd", i < 3 ? "alice" : "bob"), null, CancellationToken.None);
        }

        var seen = new List<string>();
        var after = "";
        for (var page = 0; page < 4; page++)
        {
            var rows = await clients.ListAsync(null, null, after, 3, CancellationToken.None);
            seen.AddRange(rows.Select(c => c.Id));
            if (rows.Count < 3)
            {
                break;
            }

            after = rows[^1].Id;
        }

        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"client-{i}"), seen);
        Assert.Equal(["client-0", "client-2", "client-4", "client-6"], (await clients.ListAsync("even", null, "", 10, CancellationToken.None)).Select(c => c.Id));
        Assert.Equal(["client-0", "client-2"], (await clients.ListAsync("even", "alice", "", 10, CancellationToken.None)).Select(c => c.Id));
        Assert.Empty(await clients.ListAsync("Even", null, "", 10, CancellationToken.None));
        Assert.Empty(await clients.ListAsync(null, null, "client-6", 10, CancellationToken.None));
    }
}

public sealed class SqliteClientStoreTests() : ClientStoreSuite(Backend.Sqlite);

public sealed class PostgresClientStoreTests() : ClientStoreSuite(Backend.Postgres);

public sealed class MariaDbClientStoreTests() : ClientStoreSuite(Backend.MariaDb);
