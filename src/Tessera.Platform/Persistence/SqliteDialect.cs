using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Tessera.Platform.Persistence;

internal sealed class SqliteDialect : SqlDialect
{
    public static readonly SqliteDialect Instance = new();

    private const int Busy = 5;
    private const int Locked = 6;
    private const int Constraint = 19;
    private const int ConstraintPrimaryKey = 1555;
    private const int ConstraintUnique = 2067;

    public override SqlDialectKind Kind => SqlDialectKind.Sqlite;

    public override string Upsert(string table, IReadOnlyList<string> keyColumns, IReadOnlyList<string> columns)
        => PostgresDialect.Instance.Upsert(table, keyColumns, columns);

    // Fixed-width text sorts in time order, so ORDER BY and range comparisons work on it.
    public override object Timestamp(DateTimeOffset value)
        => Truncate(value).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture);

    public override bool IsUniqueViolation(Exception exception)
        => Find(exception) is { SqliteErrorCode: Constraint } sqlite && sqlite.SqliteExtendedErrorCode is ConstraintUnique or ConstraintPrimaryKey;

    public override bool IsSerializationFailure(Exception exception)
        => Find(exception)?.SqliteErrorCode is Busy or Locked;

    private static SqliteException? Find(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is SqliteException sqlite)
            {
                return sqlite;
            }
        }

        return null;
    }
}
