using Tessera.Platform.Persistence;
using Tessera.Testing;

namespace Tessera.Platform.Tests.Persistence;

public sealed class SqliteFileDatabaseTests : DatabaseSuite, IDisposable
{
    private readonly TempFolder folder = new("tessera-sqlite");
    private int files;

    protected override SqlDialectKind Kind => SqlDialectKind.Sqlite;

    public void Dispose() => folder.Dispose();

    protected override Task<string> CreateDsnAsync()
        => Task.FromResult($"sqlite://{folder.File($"db{Interlocked.Increment(ref files)}.sqlite")}?_fk=true");

    [Fact]
    public async Task Files_use_wal_normal_sync_and_foreign_keys()
    {
        await using var db = await OpenAsync();
        await using var connection = await db.OpenConnectionAsync(Ct);

        Assert.Equal("wal", await PragmaAsync(connection, "journal_mode"));
        Assert.Equal("1", await PragmaAsync(connection, "synchronous"));
        Assert.Equal("1", await PragmaAsync(connection, "foreign_keys"));
        Assert.Equal("5000", await PragmaAsync(connection, "busy_timeout"));
    }

    private static async Task<string> PragmaAsync(System.Data.Common.DbConnection connection, string name)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA " + name;
        return Convert.ToString(await command.ExecuteScalarAsync(Ct), System.Globalization.CultureInfo.InvariantCulture)!;
    }
}
