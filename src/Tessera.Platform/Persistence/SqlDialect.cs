using System.Data.Common;
using System.Globalization;
using System.Text;

namespace Tessera.Platform.Persistence;

/// <summary>What the dialects share: parameter naming, LIMIT/OFFSET paging, value conversions.</summary>
internal abstract class SqlDialect : ISqlDialect
{
    public abstract SqlDialectKind Kind { get; }

    public virtual bool SupportsTransactionalDdl => true;

    public static ISqlDialect For(SqlDialectKind kind) => kind switch
    {
        SqlDialectKind.Sqlite => SqliteDialect.Instance,
        SqlDialectKind.Postgres => PostgresDialect.Instance,
        SqlDialectKind.Cockroach => CockroachDialect.Instance,
        SqlDialectKind.MySql => MySqlDialect.Instance,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public string Parameter(string name) => "@" + CheckName(name);

    public abstract string Upsert(string table, IReadOnlyList<string> keyColumns, IReadOnlyList<string> columns);

    public string Page(int limit, int offset)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        return string.Create(CultureInfo.InvariantCulture, $"LIMIT {limit} OFFSET {offset}");
    }

    public virtual object Boolean(bool value) => value;

    public virtual bool ReadBoolean(DbDataReader reader, int ordinal) => reader.GetValue(ordinal) switch
    {
        bool b => b,
        long l => l != 0,
        int i => i != 0,
        sbyte s => s != 0,
        byte b => b != 0,
        short s => s != 0,
        ulong u => u != 0,
        var other => Convert.ToInt64(other, CultureInfo.InvariantCulture) != 0,
    };

    public virtual object Timestamp(DateTimeOffset value) => Truncate(value).UtcDateTime;

    public virtual DateTimeOffset ReadTimestamp(DbDataReader reader, int ordinal) => reader.GetValue(ordinal) switch
    {
        DateTimeOffset offset => offset.ToUniversalTime(),
        DateTime time => new DateTimeOffset(DateTime.SpecifyKind(time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : time, DateTimeKind.Utc)),
        string text => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
        var other => throw new InvalidCastException($"Column {ordinal} holds a {other.GetType().Name}, not a timestamp."),
    };

    public byte[] ReadBlob(DbDataReader reader, int ordinal) => (byte[])reader.GetValue(ordinal);

    public virtual byte[] ReadUtf8(DbDataReader reader, int ordinal) => System.Text.Encoding.UTF8.GetBytes(reader.GetString(ordinal));

    public abstract bool IsUniqueViolation(Exception exception);

    public abstract bool IsSerializationFailure(Exception exception);

    /// <summary>PostgreSQL and MySQL keep microseconds; every backend stores the same value.</summary>
    internal static DateTimeOffset Truncate(DateTimeOffset value)
        => new(value.UtcTicks - (value.UtcTicks % TimeSpan.TicksPerMicrosecond), TimeSpan.Zero);

    protected static string CheckName(string name)
    {
        if (name.Length == 0 || !(char.IsAsciiLetter(name[0]) || name[0] == '_') || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            throw new ArgumentException($"'{name}' is not a plain SQL name (letters, digits, underscores).", nameof(name));
        }

        return name;
    }

    /// <summary>INSERT INTO t (a, b) VALUES (@a, @b), with the conflict clause left to the caller.</summary>
    protected static StringBuilder Insert(string table, IReadOnlyList<string> keyColumns, IReadOnlyList<string> columns)
    {
        if (keyColumns.Count == 0 || columns.Count == 0)
        {
            throw new ArgumentException("An upsert needs at least one key column and one column.");
        }

        var sql = new StringBuilder("INSERT INTO ").Append(CheckName(table)).Append(" (");
        AppendList(sql, columns, string.Empty);
        sql.Append(") VALUES (");
        AppendList(sql, columns, "@");
        sql.Append(')');
        foreach (var key in keyColumns)
        {
            if (!columns.Contains(key))
            {
                throw new ArgumentException($"Key column '{key}' is not among the inserted columns.", nameof(keyColumns));
            }
        }

        return sql;
    }

    protected static IEnumerable<string> NonKey(IReadOnlyList<string> keyColumns, IReadOnlyList<string> columns)
        => columns.Where(c => !keyColumns.Contains(c));

    private static void AppendList(StringBuilder sql, IReadOnlyList<string> names, string prefix)
    {
        for (var i = 0; i < names.Count; i++)
        {
            sql.Append(i == 0 ? string.Empty : ", ").Append(prefix).Append(CheckName(names[i]));
        }
    }
}
