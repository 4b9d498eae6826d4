using System.Text.Json.Nodes;
using Tessera.Identity.Identities;
using Tessera.Identity.Sessions;
using Tessera.Identity.Storage;
using Tessera.Platform.Persistence;
using Tessera.Testing;

namespace Tessera.Identity.Tests.Storage;

/// <summary>The session store against a real database; one subclass per backend.</summary>
public abstract class SessionStoreSuite(Backend backend) : BackendSuite(backend)
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset Now = new(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);

    private async Task<(Database Database, IdentityStore Identities, SessionStore Sessions)> OpenAsync()
    {
        var database = Database.Open(await NewDatabaseAsync());
        await new Migrator(database, IdentityService.Descriptor.Migrations!).ApplyAsync(None);
        return (database, new IdentityStore(database), new SessionStore(database));
    }

    private static async Task<IdentityRecord> IdentityAsync(IdentityStore store, string email)
    {
        var identity = new IdentityRecord(Guid.NewGuid().ToString(), "default", new JsonObject { ["email"] = email }, IdentityRecord.Active,
            null, null, null, null, Now, Now, Now);
        Assert.Equal(IdentityWrite.Written, await store.CreateAsync(identity, IdentityParts.Empty, None));
        return identity;
    }

    private static SessionRecord Session(IdentityRecord identity, DateTimeOffset expires, DateTimeOffset? created = null) => new(
        Guid.CreateVersion7(created ?? Now).ToString(), identity.Id, true, Now, Now, expires, "aal1",
        [new AuthenticationMethod("password", "aal1", Now.AddTicks(1234560))], [SessionDevice.New("192.0.2.1", "curl/8", "Berlin, DE")], Now, Now);

    [Fact]
    public async Task Insert_find_by_token_hash_revoke_and_extend()
    {
        var (database, identities, sessions) = await OpenAsync();
        await using var _ = database;
        var alice = await IdentityAsync(identities, "alice@example.com");
        var session = Session(alice, Now.AddHours(24));
        var token = SessionToken.New();
        await sessions.InsertAsync(session, SessionToken.Hash(token), None);

        var found = await sessions.GetByTokenHashAsync(SessionToken.Hash(token), None);
        Assert.NotNull(found);
        Assert.True(SessionToken.Matches(found.Value.StoredHash, SessionToken.Hash(token)));
        var read = found.Value.Session;
        Assert.Equal(session.Id, read.Id);
        Assert.True(read.Active);
        Assert.Equal(Now.AddHours(24), read.ExpiresAt);
        Assert.Equal(new AuthenticationMethod("password", "aal1", Now.AddTicks(1234560)), Assert.Single(read.Methods));
        var device = Assert.Single(read.Devices);
        Assert.Equal(("192.0.2.1", "curl/8", "Berlin, DE"), (device.IpAddress, device.UserAgent, device.Location));
        Assert.Null(await sessions.GetByTokenHashAsync(SessionToken.Hash(token + "x"), None));

        // The token itself is nowhere in the database.
        await using (var connection = await database.OpenConnectionAsync(None))
        await using (var command = SqlCommand.Create(connection, null, "SELECT COUNT(*) FROM sessions WHERE token_hash = @token", ("token", token)))
        {
            Assert.Equal(0L, Convert.ToInt64(await command.ExecuteScalarAsync(None), System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.True(await sessions.SetExpiryAsync(session.Id, Now.AddHours(48), Now, None));
        Assert.Equal(Now.AddHours(48), (await sessions.GetAsync(session.Id, None))!.ExpiresAt);
        Assert.Equal(1, await sessions.RevokeAsync(session.Id, alice.Id, Now, None));
        Assert.Equal(0, await sessions.RevokeAsync(session.Id, alice.Id, Now, None));
        Assert.False((await sessions.GetAsync(session.Id, None))!.Active);
    }

    [Fact]
    public async Task Reauthenticate_updates_times_level_and_methods_of_an_active_session_only()
    {
        var (database, identities, sessions) = await OpenAsync();
        await using var _ = database;
        var alice = await IdentityAsync(identities, "alice@example.com");
        var session = Session(alice, Now.AddHours(1));
        await sessions.InsertAsync(session, SessionToken.Hash(SessionToken.New()), None);

        var later = Now.AddMinutes(30);
        List<AuthenticationMethod> methods = [.. session.Methods, new AuthenticationMethod("password", "aal1", later)];
        var updated = session with { IssuedAt = later, AuthenticatedAt = later, ExpiresAt = later.AddHours(1), Methods = methods, UpdatedAt = later };
        Assert.True(await sessions.ReauthenticateAsync(updated, None));
        var read = (await sessions.GetAsync(session.Id, None))!;
        Assert.Equal((later, later, later.AddHours(1)), (read.IssuedAt, read.AuthenticatedAt, read.ExpiresAt));
        Assert.Equal(methods, read.Methods);

        Assert.Equal(1, await sessions.RevokeAsync(session.Id, null, later, None));
        Assert.False(await sessions.ReauthenticateAsync(updated with { ExpiresAt = later.AddHours(5) }, None));
        Assert.Equal(later.AddHours(1), (await sessions.GetAsync(session.Id, None))!.ExpiresAt);
    }

    [Fact]
    public async Task Insert_joins_the_callers_transaction()
    {
        var (database, identities, sessions) = await OpenAsync();
        await using var _ = database;
        var alice = await IdentityAsync(identities, "alice@example.com");
        var session = Session(alice, Now.AddHours(1));
        await Assert.ThrowsAsync<InvalidOperationException>(() => database.InTransactionAsync(async (connection, transaction, token) =>
        {
            await sessions.InsertAsync(connection, transaction, session, SessionToken.Hash("t"), token);
            throw new InvalidOperationException("roll back");
        }, None));
        Assert.Null(await sessions.GetAsync(session.Id, None));

        await database.InTransactionAsync((connection, transaction, token) => sessions.InsertAsync(connection, transaction, session, SessionToken.Hash("t"), token), None);
        Assert.NotNull(await sessions.GetAsync(session.Id, None));
    }

    [Fact]
    public async Task Finds_a_session_with_its_devices_identity_and_addresses_in_one_read_and_sees_revocation_at_once()
    {
        var (database, identities, sessions) = await OpenAsync();
        await using var _ = database;
        var verified = new IdentityAddress(Guid.NewGuid().ToString(), "email", "alice@example.com", true, IdentityAddress.Completed, Now.AddMinutes(1), Now, Now.AddMinutes(2));
        var pending = new IdentityAddress(Guid.NewGuid().ToString(), "email", "alice2@example.com", false, IdentityAddress.Pending, null, Now, Now);
        var recovery = new IdentityAddress(Guid.NewGuid().ToString(), "email", "alice@example.com", false, IdentityAddress.Pending, null, Now, Now.AddMinutes(3));
        var alice = new IdentityRecord(Guid.NewGuid().ToString(), "default", new JsonObject { ["email"] = "alice@example.com" }, IdentityRecord.Active,
            new JsonObject { ["plan"] = "pro" }, new JsonObject { ["secret"] = 1 }, "ext-alice", null, Now, Now, Now);
        var parts = new IdentityParts([new CredentialIdentifier("password", "alice@example.com")], [new IdentityCredential("password", "{\"hashed_password\":\"x\"}", 0, Now, Now)],
            [verified, pending], [recovery]);
        Assert.Equal(IdentityWrite.Written, await identities.CreateAsync(alice, parts, None));
        var bob = await IdentityAsync(identities, "bob@example.com");

        var session = Session(alice, Now.AddHours(24)) with
        {
            Devices = [SessionDevice.New("192.0.2.1", "curl/8", "Berlin, DE"), SessionDevice.New(null, null, null)],
        };
        var token = SessionToken.New();
        await sessions.InsertAsync(session, SessionToken.Hash(token), None);
        var bobs = Session(bob, Now.AddHours(24));
        await sessions.InsertAsync(bobs, SessionToken.Hash("bob"), None);

        var found = await sessions.GetWithIdentityByTokenHashAsync(SessionToken.Hash(token), None);
        Assert.NotNull(found);
        Assert.True(SessionToken.Matches(found.Value.StoredHash, SessionToken.Hash(token)));
        var read = found.Value.Session;
        Assert.Equal((session.Id, alice.Id, true, Now.AddHours(24), "aal1"), (read.Id, read.IdentityId, read.Active, read.ExpiresAt, read.Aal));
        Assert.Equal(new AuthenticationMethod("password", "aal1", Now.AddTicks(1234560)), Assert.Single(read.Methods));
        Assert.Equal(session.Devices.Select(d => (d.Id, d.IpAddress, d.UserAgent, d.Location)).Order(), read.Devices.Select(d => (d.Id, d.IpAddress, d.UserAgent, d.Location)).Order());
        static object Fields(IdentityRecord i) => (i.Id, i.SchemaId, i.State, i.ExternalId, i.OrganizationId, i.CreatedAt, i.UpdatedAt, i.StateChangedAt);
        Assert.Equal(Fields(alice), Fields(read.Identity!));
        Assert.Equal("""{"email":"alice@example.com"}""", read.Identity!.Traits.ToJsonString());
        Assert.Equal("""{"plan":"pro"}""", read.Identity.MetadataPublic!.ToJsonString());
        Assert.Equal("""{"secret":1}""", read.Identity.MetadataAdmin!.ToJsonString());
        var addresses = read.IdentityParts!;
        Assert.Equal(new[] { verified, pending }.OrderBy(a => a.Id, StringComparer.Ordinal), addresses.VerifiableAddresses);
        Assert.Equal([recovery], addresses.RecoveryAddresses);
        Assert.Empty(addresses.Credentials);
        Assert.Empty(addresses.Identifiers);

        // Bob has no addresses and one device; an unknown hash is nothing.
        var bobsRead = (await sessions.GetWithIdentityByTokenHashAsync(SessionToken.Hash("bob"), None))!.Value.Session;
        Assert.Equal(bob.Id, bobsRead.Identity!.Id);
        Assert.Single(bobsRead.Devices);
        Assert.Empty(bobsRead.IdentityParts!.VerifiableAddresses);
        Assert.Empty(bobsRead.IdentityParts.RecoveryAddresses);
        Assert.Null(await sessions.GetWithIdentityByTokenHashAsync(SessionToken.Hash(token + "x"), None));

        // Every read sees what is stored now.
        await sessions.RevokeAsync(session.Id, null, Now, None);
        Assert.False((await sessions.GetWithIdentityByTokenHashAsync(SessionToken.Hash(token), None))!.Value.Session.Active);
        Assert.True(await identities.DeleteAsync(alice.Id, None));
        Assert.Null(await sessions.GetWithIdentityByTokenHashAsync(SessionToken.Hash(token), None));
    }

    [Fact]
    public async Task Lists_filter_by_identity_state_and_page_by_id()
    {
        var (database, identities, sessions) = await OpenAsync();
        await using var _ = database;
        var alice = await IdentityAsync(identities, "alice@example.com");
        var bob = await IdentityAsync(identities, "bob@example.com");
        var first = Session(alice, Now.AddHours(1), Now.AddSeconds(1));
        var expired = Session(alice, Now.AddHours(-1), Now.AddSeconds(2));
        var revoked = Session(alice, Now.AddHours(1), Now.AddSeconds(3));
        var bobs = Session(bob, Now.AddHours(1), Now.AddSeconds(4));
        foreach (var s in new[] { first, expired, revoked, bobs })
        {
            await sessions.InsertAsync(s, SessionToken.Hash(s.Id), None);
        }

        await sessions.RevokeAsync(revoked.Id, null, Now, None);
        Assert.Equal([first.Id, expired.Id, revoked.Id], (await sessions.ListAsync(new SessionPage("", 10, Now, alice.Id), None)).Select(s => s.Id));
        Assert.Equal([first.Id], (await sessions.ListAsync(new SessionPage("", 10, Now, alice.Id, true), None)).Select(s => s.Id));
        Assert.Equal([expired.Id, revoked.Id], (await sessions.ListAsync(new SessionPage("", 10, Now, alice.Id, false), None)).Select(s => s.Id));
        Assert.Equal([expired.Id, revoked.Id], (await sessions.ListAsync(new SessionPage("", 10, Now, alice.Id, ExceptId: first.Id), None)).Select(s => s.Id));
        Assert.Equal([revoked.Id, bobs.Id], (await sessions.ListAsync(new SessionPage(expired.Id, 10, Now), None)).Select(s => s.Id));
        Assert.Single(await sessions.ListAsync(new SessionPage("", 1, Now), None));

        Assert.Equal(2, await sessions.RevokeOthersAsync(alice.Id, revoked.Id, Now, None)); // first and expired (whose row is still active)
        Assert.Equal(3, await sessions.DeleteByIdentityAsync(alice.Id, None));
        Assert.Equal(0, await sessions.DeleteByIdentityAsync(alice.Id, None));
        Assert.Equal([bobs.Id], (await sessions.ListAsync(new SessionPage("", 10, Now), None)).Select(s => s.Id));
    }

    [Fact]
    public async Task Expired_sessions_are_deleted_in_batches_up_to_the_limit_and_go_with_their_identity()
    {
        var (database, identities, sessions) = await OpenAsync();
        await using var _ = database;
        var alice = await IdentityAsync(identities, "alice@example.com");
        for (var i = 0; i < 5; i++)
        {
            var s = Session(alice, Now.AddMinutes(-10 - i));
            await sessions.InsertAsync(s, SessionToken.Hash(s.Id), None);
        }

        var live = Session(alice, Now.AddHours(1));
        await sessions.InsertAsync(live, SessionToken.Hash(live.Id), None);
        Assert.Equal(3, await sessions.DeleteExpiredAsync(Now, 3, 2, None));
        Assert.Equal(2, await sessions.DeleteExpiredAsync(Now, 100, 2, None));
        Assert.Equal(0, await sessions.DeleteExpiredAsync(Now, 100, 2, None));
        Assert.Equal([live.Id], (await sessions.ListAsync(new SessionPage("", 10, Now), None)).Select(s => s.Id));

        Assert.True(await identities.DeleteAsync(alice.Id, None));
        Assert.Empty(await sessions.ListAsync(new SessionPage("", 10, Now), None));
    }
}

public sealed class SqliteSessionStoreTests() : SessionStoreSuite(Backend.Sqlite);

public sealed class PostgresSessionStoreTests() : SessionStoreSuite(Backend.Postgres);

public sealed class MariaDbSessionStoreTests() : SessionStoreSuite(Backend.MariaDb);
