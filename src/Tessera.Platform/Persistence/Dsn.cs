namespace Tessera.Platform.Persistence;

/// <summary>
/// A parsed data source name in Ory's forms: <c>memory</c>, <c>sqlite://path?_fk=true</c>,
/// <c>postgres://user:pass@host:5432/db?sslmode=disable</c>,
/// <c>mysql://user:pass@tcp(host:3306)/db?parseTime=true</c>, <c>cockroach://user@host:26257/db</c>.
/// <see cref="ConnectionString"/> holds the password; <see cref="ToString"/> and
/// <see cref="Redacted"/> never do.
/// </summary>
public sealed record Dsn
{
    public required SqlDialectKind Kind { get; init; }

    /// <summary>True for SQLite databases that live in memory and vanish with the process.</summary>
    public bool IsMemory { get; init; }

    /// <summary>The connection string in the ADO.NET provider's form. Contains the password.</summary>
    public required string ConnectionString { get; init; }

    public PoolSettings Pool { get; init; } = PoolSettings.Default;

    /// <summary>The DSN as given, with the password replaced by <c>***</c>: safe for logs and errors.</summary>
    public required string Redacted { get; init; }

    /// <summary>Statements run on every newly opened connection (SQLite pragmas, MySQL collation).</summary>
    internal IReadOnlyList<string> SessionSetup { get; init; } = [];

    public static Dsn Parse(string dsn)
    {
        ArgumentNullException.ThrowIfNull(dsn);
        var text = dsn.Trim();
        if (text.Length == 0)
        {
            throw new DsnException("The DSN is empty. Use memory, sqlite://PATH, postgres://…, mysql://… or cockroach://….");
        }

        if (text == "memory")
        {
            return SqliteDsn.Memory();
        }

        var schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd <= 0)
        {
            throw new DsnException(
                $"The DSN '{SafeHead(text)}' has no scheme. Use memory, sqlite://PATH, postgres://…, mysql://… or cockroach://….");
        }

        var scheme = text[..schemeEnd].ToLowerInvariant();
        var rest = text[(schemeEnd + 3)..];
        return scheme switch
        {
            "sqlite" or "sqlite3" => SqliteDsn.Parse(rest),
            "postgres" or "postgresql" => PostgresDsn.Parse(scheme, rest, SqlDialectKind.Postgres),
            "cockroach" or "cockroachdb" or "crdb" => PostgresDsn.Parse(scheme, rest, SqlDialectKind.Cockroach),
            "mysql" => MySqlDsn.Parse(rest),
            _ => throw new DsnException(
                $"The DSN scheme '{SafeHead(scheme)}' is not supported. Use memory, sqlite, postgres, postgresql, mysql or cockroach."),
        };
    }

    public override string ToString() => Redacted;

    // The scheme part of a malformed DSN may still be followed by a password; show only what
    // cannot be one.
    private static string SafeHead(string text)
    {
        var cut = text.IndexOfAny([':', '@', '/', '?']);
        return cut < 0 ? text : text[..cut] + "…";
    }
}
