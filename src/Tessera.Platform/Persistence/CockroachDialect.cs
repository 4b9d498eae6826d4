namespace Tessera.Platform.Persistence;

/// <summary>
/// CockroachDB speaks PostgreSQL's wire protocol and SQL for everything Tessera writes; it reports
/// every transaction conflict as 40001, which the PostgreSQL checks already recognise.
/// </summary>
internal sealed class CockroachDialect : PostgresDialect
{
    public static new readonly CockroachDialect Instance = new();

    public override SqlDialectKind Kind => SqlDialectKind.Cockroach;
}
