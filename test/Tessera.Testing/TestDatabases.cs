using System.Globalization;

namespace Tessera.Testing;

/// <summary>
/// Fresh, empty databases on any <see cref="Backend"/>, for one test or one fixture: SQLite files in
/// a folder of their own, removed on dispose; PostgreSQL and MariaDB databases on the test process's
/// shared servers (started on first use), which go with the servers when the process ends.
/// </summary>
public sealed class TestDatabases : IDisposable
{
    private readonly Lazy<TempFolder> folder = new(() => new TempFolder("tessera-sqlite"), LazyThreadSafetyMode.ExecutionAndPublication);
    private int files;

    /// <summary>The DSN of a new, empty database (foreign keys on for SQLite, as the services run it).</summary>
    public async Task<string> NewAsync(Backend backend, CancellationToken ct = default) => backend switch
    {
        Backend.Sqlite => $"sqlite://{NewSqliteFile()}?_fk=true",
        Backend.Postgres => await (await PostgresServer.GetAsync()).CreateDatabaseAsync(ct),
        Backend.MariaDb => await (await MariaDbServer.GetAsync()).CreateDatabaseAsync(ct),
        _ => throw new ArgumentOutOfRangeException(nameof(backend), backend, null),
    };

    /// <summary>The path of a SQLite file not yet created, in this instance's folder.</summary>
    public string NewSqliteFile()
        => folder.Value.File("db" + Interlocked.Increment(ref files).ToString(CultureInfo.InvariantCulture) + ".sqlite");

    public void Dispose()
    {
        if (folder.IsValueCreated)
        {
            folder.Value.Dispose();
        }
    }
}
