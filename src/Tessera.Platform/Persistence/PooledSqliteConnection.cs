using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Tessera.Platform.Persistence;

/// <summary>
/// A SQLite connection that stays open between uses. Disposing it hands it back to its
/// <see cref="SqliteConnectionPool"/>, and the commands made through <see cref="Command"/> keep their
/// prepared statements, so a hot query is parsed once per connection instead of once per request.
/// </summary>
internal sealed class PooledSqliteConnection : SqliteConnection
{
    // SQL built with literal values (LIMIT n) varies; past this many texts, commands are not kept.
    private const int MaxKeptCommands = 64;

    private readonly SqliteConnectionPool pool;
    private readonly Dictionary<string, ReusableSqliteCommand> commands = new(StringComparer.Ordinal);
    private bool closing;

    public PooledSqliteConnection(string connectionString, SqliteConnectionPool pool)
        : base(connectionString)
    {
        this.pool = pool;
    }

    /// <summary>True for the pool's one writer connection.</summary>
    public bool IsWriter { get; init; }

    /// <summary>
    /// A command for <paramref name="sql"/> with no parameters yet: the connection's kept one when it
    /// has it (prepared on first use), a new one otherwise.
    /// </summary>
    public DbCommand Command(string sql, DbTransaction? transaction)
    {
        SqliteCommand command;
        if (commands.TryGetValue(sql, out var kept))
        {
            kept.Parameters.Clear();
            command = kept;
        }
        else if (commands.Count < MaxKeptCommands)
        {
            kept = new ReusableSqliteCommand(sql, this);
            commands.Add(sql, kept);
            command = kept;
        }
        else
        {
            command = new SqliteCommand(sql, this) { CommandTimeout = DefaultTimeout };
        }

        command.Transaction = (SqliteTransaction?)transaction;
        return command;
    }

    /// <summary>True when the connection can serve the next caller: open, and no transaction left behind.</summary>
    public bool IsReusable => State == ConnectionState.Open && Handle is { } handle && raw.sqlite3_get_autocommit(handle) != 0;

    /// <summary>Closes the connection for good instead of returning it to the pool.</summary>
    public void CloseForGood()
    {
        closing = true;
        Dispose();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !closing && pool.TryReturn(this))
        {
            return;
        }

        closing = true;
        foreach (var command in commands.Values)
        {
            command.Release();
        }

        commands.Clear();
        base.Dispose(disposing);
    }
}
