using Npgsql;

namespace Tessera.Platform.Persistence;

internal class PostgresDialect : SqlDialect
{
    public static readonly PostgresDialect Instance = new();

    public override SqlDialectKind Kind => SqlDialectKind.Postgres;

    public override string Upsert(string table, IReadOnlyList<string> keyColumns, IReadOnlyList<string> columns)
    {
        var sql = Insert(table, keyColumns, columns).Append(" ON CONFLICT (").Append(string.Join(", ", keyColumns)).Append(')');
        var updates = NonKey(keyColumns, columns).Select(c => $"{c} = excluded.{c}").ToList();
        return (updates.Count == 0 ? sql.Append(" DO NOTHING") : sql.Append(" DO UPDATE SET ").AppendJoin(", ", updates)).ToString();
    }

    public override bool IsUniqueViolation(Exception exception)
        => Find(exception) is { SqlState: PostgresErrorCodes.UniqueViolation };

    public override bool IsSerializationFailure(Exception exception)
        => Find(exception)?.SqlState is PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected;

    private static PostgresException? Find(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is PostgresException postgres)
            {
                return postgres;
            }
        }

        return null;
    }
}
