namespace Tessera.Platform.Persistence;

/// <summary>The SQL backends Tessera speaks. CockroachDB uses the PostgreSQL wire protocol.</summary>
public enum SqlDialectKind
{
    Sqlite,
    Postgres,
    MySql,
    Cockroach,
}
