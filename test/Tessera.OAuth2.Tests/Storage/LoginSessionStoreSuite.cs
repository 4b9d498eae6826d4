using Tessera.OAuth2.Flows;
using Tessera.OAuth2.Storage;
using Tessera.Platform.Persistence;
using Tessera.Testing;

namespace Tessera.OAuth2.Tests.Storage;

/// <summary>The login session store against a real database; one subclass per backend.</summary>
public abstract class LoginSessionStoreSuite(Backend backend) : OAuth2StoreSuite(backend)
{
    private static readonly DateTimeOffset Start = new(2030, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private async Task<(Database Database, LoginSessionStore Sessions)> OpenAsync()
    {
        var database = await OpenMigratedAsync();
        return (database, new LoginSessionStore(database));
    }

    [Fact]
    public async Task A_session_reads_back_with_and_without_its_optional_parts()
    {
        var (database, sessions) = await OpenAsync();
        await using var _ = database;
        var remembered = new LoginSession("sid-1", "alice", Start, true, Start.AddDays(30), "kratos-session-1");
        var browserOnly = new LoginSession("sid-2", "alice", Start.AddMinutes(1), false, null, null);
        await sessions.SaveAsync(remembered, None);
        await sessions.SaveAsync(browserOnly, None);

        Assert.Equal(remembered, await sessions.GetAsync("sid-1", None));
        Assert.Equal(browserOnly, await sessions.GetAsync("sid-2", None));
        Assert.Null(await sessions.GetAsync("sid-3", None));
    }

    [Fact]
    public async Task Saving_a_known_session_again_replaces_it()
    {
        var (database, sessions) = await OpenAsync();
        await using var _ = database;
        await sessions.SaveAsync(new LoginSession("sid-1", "alice", Start, false, Start.AddHours(1), null), None);
        var extended = new LoginSession("sid-1", "alice", Start.AddHours(2), true, Start.AddDays(7), "idp-7");
        await sessions.SaveAsync(extended, None);

        Assert.Equal(extended, await sessions.GetAsync("sid-1", None));
        Assert.Equal(["sid-1"], await sessions.IdsOfSubjectAsync("alice", None));
    }

    [Fact]
    public async Task Sessions_are_listed_by_subject_and_deleted_one_by_one()
    {
        var (database, sessions) = await OpenAsync();
        await using var _ = database;
        foreach (var (id, subject) in new[] { ("a1", "alice"), ("a2", "alice"), ("b1", "bob") })
        {
            await sessions.SaveAsync(new LoginSession(id, subject, Start, true, null, null), None);
        }

        Assert.Equal(["a1", "a2"], (await sessions.IdsOfSubjectAsync("alice", None)).Order());
        Assert.Empty(await sessions.IdsOfSubjectAsync("Alice", None));

        Assert.Equal(1, await sessions.DeleteAsync("a1", None));
        Assert.Equal(0, await sessions.DeleteAsync("a1", None));
        Assert.Null(await sessions.GetAsync("a1", None));
        Assert.Equal(["a2"], await sessions.IdsOfSubjectAsync("alice", None));
        Assert.Equal(["b1"], await sessions.IdsOfSubjectAsync("bob", None));
    }

    [Fact]
    public async Task Instances_saving_one_session_at_once_all_succeed_and_leave_one_row()
    {
        var instances = await InstancesAsync(3);
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var saves = Enumerable.Range(0, 9).Select(i => Task.Run(async () =>
        {
            await go.Task;
            await new LoginSessionStore(instances[i % instances.Count]).SaveAsync(new LoginSession("shared", "alice", Start.AddSeconds(i), true, null, null), None);
        })).ToList();
        go.SetResult();
        await Task.WhenAll(saves);

        var store = new LoginSessionStore(instances[0]);
        Assert.Equal(["shared"], await store.IdsOfSubjectAsync("alice", None));
        Assert.InRange((await store.GetAsync("shared", None))!.AuthenticatedAt, Start, Start.AddSeconds(8));
    }
}

public sealed class SqliteLoginSessionStoreTests() : LoginSessionStoreSuite(Backend.Sqlite);

public sealed class PostgresLoginSessionStoreTests() : LoginSessionStoreSuite(Backend.Postgres);

public sealed class MariaDbLoginSessionStoreTests() : LoginSessionStoreSuite(Backend.MariaDb);
