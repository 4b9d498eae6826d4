using System.Data.Common;

namespace Tessera.Platform.Persistence;

/// <summary>
/// What differs between the SQL backends, so that stores can write one code path. Parameters are
/// written <c>@name</c> on every backend; identifiers passed in must be plain SQL names.
/// </summary>
public interface ISqlDialect
{
    SqlDialectKind Kind { get; }

    /// <summary>True when DDL can be rolled back with the transaction it ran in (not MySQL).</summary>
    bool SupportsTransactionalDdl { get; }

    /// <summary>The placeholder for a parameter called <paramref name="name"/>.</summary>
    string Parameter(string name);

    /// <summary>
    /// An insert of <paramref name="columns"/> (bound to parameters of the same names) that updates
    /// the non-key columns when a row with the same <paramref name="keyColumns"/> exists.
    /// </summary>
    string Upsert(string table, IReadOnlyList<string> keyColumns, IReadOnlyList<string> columns);

    /// <summary>The clause that ends a query to return <paramref name="limit"/> rows after skipping <paramref name="offset"/>.</summary>
    string Page(int limit, int offset);

    /// <summary>The value to bind for a boolean column.</summary>
    object Boolean(bool value);

    bool ReadBoolean(DbDataReader reader, int ordinal);

    /// <summary>The value to bind for a timestamp column: UTC, microsecond precision.</summary>
    object Timestamp(DateTimeOffset value);

    DateTimeOffset ReadTimestamp(DbDataReader reader, int ordinal);

    byte[] ReadBlob(DbDataReader reader, int ordinal);

    /// <summary>A text column's value as UTF-8, without a detour through a string where the driver allows.</summary>
    byte[] ReadUtf8(DbDataReader reader, int ordinal);

    /// <summary>True when <paramref name="exception"/> reports a unique or primary key violation.</summary>
    bool IsUniqueViolation(Exception exception);

    /// <summary>
    /// True when the transaction lost a race and may succeed if run again: serialization failures,
    /// deadlocks, lock wait timeouts, SQLite's busy and locked errors.
    /// </summary>
    bool IsSerializationFailure(Exception exception);
}
