using MySqlConnector;

namespace Tessera.Platform.Persistence;

internal sealed class MySqlDialect : SqlDialect
{
    public static readonly MySqlDialect Instance = new();

    public override SqlDialectKind Kind => SqlDialectKind.MySql;

    // MySQL commits implicitly before and after every DDL statement.
    public override bool SupportsTransactionalDdl => false;

    public override string Upsert(string table, IReadOnlyList<string> keyColumns, IReadOnlyList<string> columns)
    {
        var sql = Insert(table, keyColumns, columns).Append(" ON DUPLICATE KEY UPDATE ");
        var updates = NonKey(keyColumns, columns).Select(c => $"{c} = VALUES({c})").ToList();

        // With nothing to update, assigning a key column to itself keeps the row as it is.
        return (updates.Count == 0 ? sql.Append(keyColumns[0]).Append(" = ").Append(keyColumns[0]) : sql.AppendJoin(", ", updates)).ToString();
    }

    public override bool IsUniqueViolation(Exception exception)
        => Find(exception)?.ErrorCode is MySqlErrorCode.DuplicateKeyEntry;

    public override bool IsSerializationFailure(Exception exception)
        => Find(exception)?.ErrorCode is MySqlErrorCode.LockDeadlock or MySqlErrorCode.LockWaitTimeout;

    private static MySqlException? Find(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is MySqlException mysql)
            {
                return mysql;
            }
        }

        return null;
    }
}
