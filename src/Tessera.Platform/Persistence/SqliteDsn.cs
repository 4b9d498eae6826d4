using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Tessera.Platform.Persistence;

/// <summary>
/// <c>memory</c> and <c>sqlite://…</c> DSNs. Paths: <c>sqlite://./relative.db</c>,
/// <c>sqlite:///absolute/path.db</c>, <c>sqlite://file:/path.db</c>, <c>sqlite://file::memory:</c>
/// (the process-wide shared in-memory database) and <c>sqlite://file:NAME?mode=memory</c> (a named
/// in-memory database). Defaults: WAL journal, synchronous=NORMAL, 5 s busy timeout.
/// </summary>
internal static class SqliteDsn
{
    private const string MemoryName = "tessera-memory";
    private static readonly string[] Known =
        ["_fk", "mode", "cache", "_journal_mode", "_busy_timeout", "_synchronous", "max_conns", "max_idle_conns", "max_conn_lifetime", "max_idle_conn_time"];

    /// <summary>
    /// The <c>memory</c> DSN: like Ory's, a shared in-memory database with foreign keys on. With
    /// <paramref name="owner"/>, that owner's own one: <c>serve all</c> gives each service its own (as
    /// each Ory product has), so that one service's migrations never lock the schema under another's
    /// statements while they start side by side.
    /// </summary>
    public static Dsn Memory(string? owner = null)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = owner is null ? MemoryName : MemoryName + "-" + owner,
            Mode = SqliteOpenMode.Memory,
            Cache = SqliteCacheMode.Shared,
            DefaultTimeout = 5,
            Pooling = false,
        };
        return new Dsn
        {
            Kind = SqlDialectKind.Sqlite,
            IsMemory = true,
            ConnectionString = builder.ConnectionString,
            Redacted = "memory",
            SessionSetup = ["PRAGMA busy_timeout = 5000", "PRAGMA foreign_keys = ON"],
        };
    }

    public static Dsn Parse(string rest)
    {
        var questionMark = rest.IndexOf('?');
        var path = questionMark < 0 ? rest : rest[..questionMark];
        var rawQuery = questionMark < 0 ? null : rest[(questionMark + 1)..];
        var redacted = DsnRedaction.Redact("sqlite", null, path, rawQuery);
        var query = DsnQuery.Parse(rawQuery ?? string.Empty, redacted);

        var foreignKeys = query.Boolean("_fk") ?? false;
        var mode = query.Choice("mode", "ro", "rw", "rwc", "memory");
        var cache = query.Choice("cache", "shared", "private");
        var journal = query.Choice("_journal_mode", "DELETE", "TRUNCATE", "PERSIST", "MEMORY", "WAL", "OFF");
        var busyMilliseconds = query.Integer("_busy_timeout", 0, 3_600_000) ?? 5000;
        var synchronous = query.Choice("_synchronous", "OFF", "NORMAL", "FULL", "EXTRA", "0", "1", "2", "3");
        // Connections are pooled by Database (SqliteConnectionPool), which honours max_idle_conns; the
        // other pool parameters are accepted (Ory's SQLite DSNs may carry them) and recorded.
        var pool = query.Pool();
        query.RejectUnknown("SQLite", Known);

        if (path.StartsWith("file:", StringComparison.Ordinal))
        {
            path = path["file:".Length..];
        }

        path = Uri.UnescapeDataString(path);
        if (path.Length == 0)
        {
            throw new DsnException($"The SQLite DSN has no file path. Use sqlite://./file.db or sqlite:///absolute/file.db. DSN: {redacted}");
        }

        var isMemory = path == ":memory:" || mode == "memory";
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Pooling = false,
            // Microsoft.Data.Sqlite retries busy and locked statements itself until the command
            // timeout, so the busy timeout is also its default command timeout (whole seconds).
            DefaultTimeout = Math.Max(1, (busyMilliseconds + 999) / 1000),
            Mode = mode switch
            {
                "ro" => SqliteOpenMode.ReadOnly,
                "rw" => SqliteOpenMode.ReadWrite,
                "memory" => SqliteOpenMode.Memory,
                _ => SqliteOpenMode.ReadWriteCreate,
            },
            // In-memory databases are only visible to other connections with a shared cache.
            Cache = cache == "private" ? SqliteCacheMode.Private : isMemory || cache == "shared" ? SqliteCacheMode.Shared : SqliteCacheMode.Default,
        };

        var setup = new List<string>
        {
            "PRAGMA busy_timeout = " + busyMilliseconds.ToString(CultureInfo.InvariantCulture),
        };
        if (foreignKeys)
        {
            setup.Add("PRAGMA foreign_keys = ON");
        }

        if (!isMemory && mode != "ro")
        {
            setup.Add("PRAGMA journal_mode = " + (journal ?? "WAL"));
        }

        if (!isMemory)
        {
            setup.Add("PRAGMA synchronous = " + (synchronous ?? "NORMAL"));

            // Commits never checkpoint: the Database's SqliteCheckpointer does, on its own thread.
            setup.Add("PRAGMA wal_autocheckpoint = 0");
        }

        return new Dsn
        {
            Kind = SqlDialectKind.Sqlite,
            IsMemory = isMemory,
            ConnectionString = builder.ConnectionString,
            Pool = pool,
            Redacted = redacted,
            SessionSetup = setup,
        };
    }
}
