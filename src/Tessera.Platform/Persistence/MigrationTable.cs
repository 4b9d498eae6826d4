using System.Data.Common;

namespace Tessera.Platform.Persistence;

/// <summary>The SQL of <c>tessera_migrations</c>, which records every applied migration.</summary>
internal static class MigrationTable
{
    public static string Create(SqlDialectKind kind) => kind switch
    {
        SqlDialectKind.Sqlite =>
            "CREATE TABLE IF NOT EXISTS tessera_migrations (component TEXT NOT NULL, version INTEGER NOT NULL, name TEXT NOT NULL, applied_at TEXT NOT NULL, PRIMARY KEY (component, version))",
        SqlDialectKind.MySql =>
            "CREATE TABLE IF NOT EXISTS tessera_migrations (component VARCHAR(64) NOT NULL, version BIGINT NOT NULL, name VARCHAR(255) NOT NULL, applied_at DATETIME(6) NOT NULL, PRIMARY KEY (component, version))",
        _ =>
            "CREATE TABLE IF NOT EXISTS tessera_migrations (component VARCHAR(64) NOT NULL, version BIGINT NOT NULL, name VARCHAR(255) NOT NULL, applied_at TIMESTAMPTZ NOT NULL, PRIMARY KEY (component, version))",
    };

    public static string Exists(SqlDialectKind kind) => kind switch
    {
        SqlDialectKind.Sqlite => "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'tessera_migrations'",
        SqlDialectKind.MySql => "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'tessera_migrations'",
        _ => "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'tessera_migrations'",
    };

    public const string Applied = "SELECT version, applied_at FROM tessera_migrations WHERE component = @component";

    public const string IsApplied = "SELECT COUNT(*) FROM tessera_migrations WHERE component = @component AND version = @version";

    public const string Record = "INSERT INTO tessera_migrations (component, version, name, applied_at) VALUES (@component, @version, @name, @applied_at)";

    public static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
        => SqlCommand.Create(connection, transaction, sql, parameters);
}
