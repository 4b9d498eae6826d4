namespace Tessera.Testing;

/// <summary>
/// The base of a suite that runs on every <see cref="Backend"/>: the suite's tests call
/// <see cref="NewDatabaseAsync"/>, and each backend is one line,
/// <c>public sealed class SqliteXTests() : XSuite(Backend.Sqlite);</c>.
/// A test's SQLite files are removed when the test ends.
/// </summary>
public abstract class BackendSuite(Backend backend) : IDisposable
{
    private readonly TestDatabases databases = new();

    protected Backend Backend => backend;

    /// <summary>The DSN of a new, empty database on this suite's backend.</summary>
    protected Task<string> NewDatabaseAsync(CancellationToken ct = default) => databases.NewAsync(backend, ct);

    /// <summary>The path of a new SQLite file, for SQLite-only tests of a suite.</summary>
    protected string NewSqliteFile() => databases.NewSqliteFile();

    public void Dispose()
    {
        databases.Dispose();
        GC.SuppressFinalize(this);
    }
}
