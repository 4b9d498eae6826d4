using Microsoft.Data.Sqlite;

namespace Tessera.Platform.Persistence;

/// <summary>
/// A command that belongs to one <see cref="PooledSqliteConnection"/> and keeps its prepared statement
/// across uses: disposing it after a use is a no-op, and only the connection releases it.
/// </summary>
internal sealed class ReusableSqliteCommand : SqliteCommand
{
    private bool released;

    public ReusableSqliteCommand(string sql, SqliteConnection connection)
        : base(sql, connection)
    {
        CommandTimeout = connection.DefaultTimeout;
    }

    /// <summary>Disposes the command and its prepared statement for good.</summary>
    public void Release()
    {
        released = true;
        Dispose();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !released)
        {
            Transaction = null;
            return;
        }

        base.Dispose(disposing);
    }
}
