using System.Text.Json.Nodes;
using Tessera.Identity.Identities;
using Tessera.Identity.Storage;
using Tessera.Platform.Persistence;
using Tessera.Testing;

namespace Tessera.Identity.Tests.Storage;

/// <summary>The identity store against a real database; one subclass per backend.</summary>
public abstract class IdentityStoreSuite(Backend backend) : BackendSuite(backend)
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset Created = new(2026, 1, 2, 3, 4, 5, 123456 / 1000, TimeSpan.Zero);

    private async Task<(Database Database, IdentityStore Store)> OpenAsync()
    {
        var database = Database.Open(await NewDatabaseAsync());
        await new Migrator(database, IdentityService.Descriptor.Migrations!).ApplyAsync(None);
        return (database, new IdentityStore(database));
    }

    private static IdentityRecord New(string email, string? externalId = null) => new(
        Guid.NewGuid().ToString(), "default", new JsonObject { ["email"] = email }, IdentityRecord.Active,
        new JsonObject { ["plan"] = "free" }, null, externalId, null, Created, Created, Created);

    private static IdentityPage Page(string after, int limit) => new(after, limit, null, [], null);

    private static IdentityParts Password(string email) => IdentityParts.Of([CredentialIdentifier.Of("password", email)]);

    [Fact]
    public async Task Create_get_update_delete_round_trip()
    {
        var (database, store) = await OpenAsync();
        await using var _ = database;
        var identity = New("alice@example.com", "ext-1") with { OrganizationId = Guid.NewGuid().ToString() };
        Assert.Equal(IdentityWrite.Written, await store.CreateAsync(identity, Password("Alice@Example.com"), None));

        var read = await store.GetAsync(identity.Id, None);
        Assert.NotNull(read);
        Assert.Equal("alice@example.com", (string)read.Traits["email"]!);
        Assert.Equal("free", (string)read.MetadataPublic!["plan"]!);
        Assert.Null(read.MetadataAdmin);
        Assert.Equal(identity.OrganizationId, read.OrganizationId);
        Assert.Equal(Created, read.CreatedAt);
        Assert.Equal(Created, read.StateChangedAt);
        Assert.Equal([new CredentialIdentifier("password", "alice@example.com")], await store.IdentifiersAsync(identity.Id, None));

        var later = Created.AddHours(1);
        var changed = read with { Traits = new JsonObject { ["email"] = "alice2@example.com" }, State = IdentityRecord.Inactive, UpdatedAt = later, StateChangedAt = later, MetadataAdmin = new JsonArray(1, 2) };
        Assert.Equal(IdentityWrite.Written, await store.UpdateAsync(changed, Password("alice2@example.com"), None));
        var updated = await store.GetAsync(identity.Id, None);
        Assert.Equal(IdentityRecord.Inactive, updated!.State);
        Assert.Equal(later, updated.UpdatedAt);
        Assert.Equal(Created, updated.CreatedAt);
        Assert.Equal("[1,2]", updated.MetadataAdmin!.ToJsonString());
        Assert.Equal([new CredentialIdentifier("password", "alice2@example.com")], await store.IdentifiersAsync(identity.Id, None));

        Assert.True(await store.DeleteAsync(identity.Id, None));
        Assert.Null(await store.GetAsync(identity.Id, None));
        Assert.Empty(await store.IdentifiersAsync(identity.Id, None));
        Assert.False(await store.DeleteAsync(identity.Id, None));
        Assert.Equal(IdentityWrite.NotFound, await store.UpdateAsync(changed, IdentityParts.Empty, None));
    }

    [Fact]
    public async Task An_identifier_belongs_to_one_identity_whatever_its_case()
    {
        var (database, store) = await OpenAsync();
        await using var _ = database;
        var first = New("bob@example.com");
        Assert.Equal(IdentityWrite.Written, await store.CreateAsync(first, Password("bob@example.com"), None));
        var second = New("BOB@example.com");
        Assert.Equal(IdentityWrite.Conflict, await store.CreateAsync(second, Password("BOB@Example.COM"), None));
        Assert.Null(await store.GetAsync(second.Id, None));

        // The same identifier under another credential type is someone else's to have.
        Assert.Equal(IdentityWrite.Written, await store.CreateAsync(second, IdentityParts.Of([CredentialIdentifier.Of("code", "bob@example.com")]), None));

        var third = New("carol@example.com");
        Assert.Equal(IdentityWrite.Written, await store.CreateAsync(third, Password("carol@example.com"), None));
        Assert.Equal(IdentityWrite.Conflict, await store.UpdateAsync(third, Password("Bob@example.com"), None));
        Assert.Equal([new CredentialIdentifier("password", "carol@example.com")], await store.IdentifiersAsync(third.Id, None));
    }

    [Fact]
    public async Task External_ids_are_unique_when_set_and_found()
    {
        var (database, store) = await OpenAsync();
        await using var _ = database;
        var first = New("a@example.com", "ext");
        Assert.Equal(IdentityWrite.Written, await store.CreateAsync(first, IdentityParts.Empty, None));
        Assert.Equal(IdentityWrite.Conflict, await store.CreateAsync(New("b@example.com", "ext"), IdentityParts.Empty, None));
        Assert.Equal(IdentityWrite.Written, await store.CreateAsync(New("c@example.com"), IdentityParts.Empty, None));
        Assert.Equal(IdentityWrite.Written, await store.CreateAsync(New("d@example.com"), IdentityParts.Empty, None));
        Assert.Equal(first.Id, (await store.GetByExternalIdAsync("ext", None))!.Id);
        Assert.Null(await store.GetByExternalIdAsync("other", None));
    }

    [Fact]
    public async Task Lists_page_by_id_and_filter_by_credentials_identifier()
    {
        var (database, store) = await OpenAsync();
        await using var _ = database;
        for (var i = 0; i < 5; i++)
        {
            await store.CreateAsync(New($"user{i}@example.com"), Password($"user{i}@example.com"), None);
        }

        var first = await store.ListAsync(Page("", 3), None);
        var rest = await store.ListAsync(Page(first[^1].Id, 3), None);
        Assert.Equal(3, first.Count);
        Assert.Equal(2, rest.Count);
        Assert.Equal(5, first.Concat(rest).Select(i => i.Id).Distinct().Count());
        Assert.Equal(first.Select(i => i.Id).Order(StringComparer.Ordinal), first.Select(i => i.Id));

        var found = Assert.Single(await store.ListAsync(Page("", 10) with { CredentialsIdentifier = "USER3@example.com" }, None));
        Assert.Equal("user3@example.com", (string)found.Traits["email"]!);
        Assert.Empty(await store.ListAsync(Page("", 10) with { CredentialsIdentifier = "nobody@example.com" }, None));

        var two = first.Take(2).Select(i => i.Id).ToList();
        Assert.Equal(two, (await store.ListAsync(Page("", 10) with { Ids = [.. two, Guid.NewGuid().ToString()] }, None)).Select(i => i.Id));
        Assert.Empty(await store.ListAsync(Page("", 10) with { Ids = [two[0]], CredentialsIdentifier = "nobody@example.com" }, None));
    }

    [Fact]
    public async Task Lists_page_by_offset_and_count_every_identity()
    {
        var (database, store) = await OpenAsync();
        await using var _ = database;
        Assert.Equal(0, await store.CountAsync(None));
        for (var i = 0; i < 5; i++)
        {
            await store.CreateAsync(New($"user{i}@example.com"), Password($"user{i}@example.com"), None);
        }

        var all = (await store.ListAsync(Page("", 10), None)).Select(i => i.Id).ToList();
        Assert.Equal(all.Skip(2).Take(2), (await store.ListAsync(Page("", 2) with { Offset = 2 }, None)).Select(i => i.Id));
        Assert.Equal(all.Skip(4), (await store.ListAsync(Page("", 2) with { Offset = 4 }, None)).Select(i => i.Id));
        Assert.Empty(await store.ListAsync(Page("", 2) with { Offset = 6 }, None));

        // The offset counts within the filtered list.
        Assert.Equal([all[3]], (await store.ListAsync(Page("", 1) with { Ids = [all[1], all[3]], Offset = 1 }, None)).Select(i => i.Id));
        Assert.Equal(5, await store.CountAsync(None));
    }

    private static IdentityParts WithPassword(string email, string config)
    {
        var address = IdentityAddress.New(IdentityAddress.Email, email, Created) with { Verified = true, Status = IdentityAddress.Completed, VerifiedAt = Created };
        return new IdentityParts(
            [CredentialIdentifier.Of("password", email)],
            [new IdentityCredential("password", config, 0, Created, Created)],
            [address],
            [IdentityAddress.New(IdentityAddress.Email, email, Created)]);
    }

    [Fact]
    public async Task Credentials_and_addresses_are_written_with_the_identity_and_found_by_identifier()
    {
        var (database, store) = await OpenAsync();
        await using var _ = database;
        var identity = New("pat@example.com");
        Assert.Equal(IdentityWrite.Written, await store.CreateAsync(identity, WithPassword("pat@example.com", """{"hashed_password":"h1"}"""), None));

        var parts = await store.PartsAsync(identity.Id, None);
        var credential = Assert.Single(parts.Credentials);
        Assert.Equal(("password", """{"hashed_password":"h1"}""", Created), (credential.Type, credential.Config, credential.CreatedAt));
        var verifiable = Assert.Single(parts.VerifiableAddresses);
        Assert.True(verifiable.Verified);
        Assert.Equal(Created, verifiable.VerifiedAt);
        Assert.Equal("pat@example.com", Assert.Single(parts.RecoveryAddresses).Value);

        var found = await store.FindCredentialAsync("password", " PAT@example.com", None);
        Assert.Equal(identity.Id, found!.Value.IdentityId);
        Assert.Equal(credential, found.Value.Credential);
        Assert.Null(await store.FindCredentialAsync("code", "pat@example.com", None));
        Assert.Null(await store.FindCredentialAsync("password", "nobody@example.com", None));

        // A compare-and-swap: only the config that was read is replaced.
        var later = Created.AddMinutes(5);
        Assert.False(await store.ReplaceCredentialConfigAsync(identity.Id, "password", """{"hashed_password":"other"}""", """{"hashed_password":"h2"}""", later, None));
        Assert.True(await store.ReplaceCredentialConfigAsync(identity.Id, "password", """{"hashed_password":"h1"}""", """{"hashed_password":"h2"}""", later, None));
        var replaced = (await store.PartsAsync(identity.Id, None)).Credential("password")!;
        Assert.Equal(("""{"hashed_password":"h2"}""", Created, later), (replaced.Config, replaced.CreatedAt, replaced.UpdatedAt));

        Assert.True(await store.SaveCredentialAsync(identity.Id, new IdentityCredential("totp", "{}", 1, later, later), None));
        Assert.False(await store.SaveCredentialAsync(Guid.NewGuid().ToString(), new IdentityCredential("totp", "{}", 1, later, later), None));
        Assert.Equal(["password", "totp"], (await store.PartsAsync(identity.Id, None)).Credentials.Select(c => c.Type));
        await store.DeleteCredentialAsync(identity.Id, "password", None);
        Assert.Null(await store.FindCredentialAsync("password", "pat@example.com", None));

        // Another identity cannot take the verifiable address; deleting frees everything.
        var other = New("other@example.com");
        Assert.Equal(IdentityWrite.Conflict, await store.CreateAsync(other, WithPassword("pat@example.com", "{}") with { Identifiers = [] }, None));
        Assert.Null(await store.GetAsync(other.Id, None));
        Assert.True(await store.DeleteAsync(identity.Id, None));
        Assert.Equal(IdentityWrite.Written, await store.CreateAsync(other, WithPassword("pat@example.com", "{}"), None));
    }

    [Fact]
    public async Task An_update_replaces_the_parts_and_a_rolled_back_caller_transaction_leaves_nothing()
    {
        var (database, store) = await OpenAsync();
        await using var _ = database;
        var identity = New("roll@example.com");
        await Assert.ThrowsAnyAsync<InvalidOperationException>(() => database.InTransactionAsync(async (connection, transaction, token) =>
        {
            await store.InsertAsync(connection, transaction, identity, WithPassword("roll@example.com", "{}"), token);
            throw new InvalidOperationException("the caller's later write failed");
        }, None));
        Assert.Null(await store.GetAsync(identity.Id, None));
        Assert.Null(await store.FindCredentialAsync("password", "roll@example.com", None));

        await database.InTransactionAsync((connection, transaction, token) => store.InsertAsync(connection, transaction, identity, WithPassword("roll@example.com", "{}"), token), None);
        Assert.NotNull(await store.FindCredentialAsync("password", "roll@example.com", None));
        Assert.Equal(IdentityWrite.Written, await store.UpdateAsync(identity, WithPassword("roll2@example.com", """{"hashed_password":"x"}"""), None));
        var parts = await store.PartsAsync(identity.Id, None);
        Assert.Equal("roll2@example.com", Assert.Single(parts.VerifiableAddresses).Value);
        Assert.Equal("""{"hashed_password":"x"}""", Assert.Single(parts.Credentials).Config);
        Assert.Null(await store.FindCredentialAsync("password", "roll@example.com", None));
        Assert.False(await database.InTransactionAsync((connection, transaction, token) => store.ReplaceAsync(connection, transaction, New("x@example.com"), IdentityParts.Empty, token), None));
    }

    [Fact]
    public async Task The_similar_filter_is_a_prefix_match_with_wildcards_escaped()
    {
        var (database, store) = await OpenAsync();
        await using var _ = database;
        foreach (var email in new[] { "sam@example.com", "sa_m@example.com", "s!am@example.com", "other@example.com" })
        {
            await store.CreateAsync(New(email), Password(email), None);
        }

        async Task<List<string>> SimilarAsync(string prefix)
            => (await store.ListAsync(Page("", 10) with { CredentialsIdentifierSimilar = prefix }, None)).Select(i => (string)i.Traits["email"]!).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(["sa_m@example.com", "sam@example.com"], await SimilarAsync("SA"));
        Assert.Equal(["sa_m@example.com"], await SimilarAsync("sa_"));
        Assert.Equal(["s!am@example.com"], await SimilarAsync("s!"));
        Assert.Empty(await SimilarAsync("%"));
    }

    [Fact]
    public async Task Lists_filter_by_organization()
    {
        var (database, store) = await OpenAsync();
        await using var _ = database;
        var organization = Guid.NewGuid().ToString();
        var member = New("member@example.com") with { OrganizationId = organization };
        await store.CreateAsync(member, IdentityParts.Empty, None);
        await store.CreateAsync(New("loner@example.com"), IdentityParts.Empty, None);
        Assert.Equal(member.Id, Assert.Single(await store.ListAsync(Page("", 10) with { OrganizationId = organization }, None)).Id);
        Assert.Equal(2, (await store.ListAsync(Page("", 10), None)).Count);
    }
}

public sealed class SqliteIdentityStoreTests() : IdentityStoreSuite(Backend.Sqlite);

public sealed class PostgresIdentityStoreTests() : IdentityStoreSuite(Backend.Postgres);

public sealed class MariaDbIdentityStoreTests() : IdentityStoreSuite(Backend.MariaDb);
