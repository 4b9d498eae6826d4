using Tessera.Platform.Persistence;
using Tessera.Testing;

namespace Tessera.OAuth2.Tests.Storage;

/// <summary>
/// The base of the oauth2 store suites: fresh databases with the oauth2 schema on the suite's
/// backend, and several <see cref="Database"/>s on one of them, as several instances of the service
/// open it (disposed when the test ends).
/// </summary>
public abstract class OAuth2StoreSuite(Backend backend) : BackendSuite(backend), IAsyncLifetime
{
    protected static readonly CancellationToken None = CancellationToken.None;

    private readonly List<Database> instances = [];

    /// <summary>The DSN of a new database with every oauth2 migration applied.</summary>
    protected async Task<string> MigratedAsync()
    {
        var dsn = await NewDatabaseAsync();
        await using var database = Database.Open(dsn);
        await new Migrator(database, OAuth2Service.Descriptor.Migrations!).ApplyAsync(None);
        return dsn;
    }

    /// <summary>A new migrated database, open; the caller disposes it.</summary>
    protected async Task<Database> OpenMigratedAsync() => Database.Open(await MigratedAsync());

    /// <summary><paramref name="count"/> databases open on one new migrated database, one per instance of the service.</summary>
    protected async Task<IReadOnlyList<Database>> InstancesAsync(int count)
    {
        var dsn = await MigratedAsync();
        var opened = Enumerable.Range(0, count).Select(_ => Database.Open(dsn)).ToList();
        instances.AddRange(opened);
        return opened;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var instance in instances)
        {
            await instance.DisposeAsync();
        }
    }
}
