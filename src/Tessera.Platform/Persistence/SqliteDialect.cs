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

    private const int TimestampLength = 26; // yyyy-MM-dd HH:mm:ss.ffffff

    // Fixed-width text sorts in time order, so ORDER BY and range comparisons work on it.
    public override object Timestamp(DateTimeOffset value)
        => Truncate(value).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture);

    /// <summary>Booleans are stored as the integers 0 and 1; read without boxing them (on every token lookup).</summary>
    public override bool ReadBoolean(System.Data.Common.DbDataReader reader, int ordinal) => reader.GetInt64(ordinal) != 0;

    /// <summary>SQLite keeps text as UTF-8 and hands those bytes out as they are.</summary>
    public override byte[] ReadUtf8(System.Data.Common.DbDataReader reader, int ordinal) => reader.GetFieldValue<byte[]>(ordinal);

    /// <summary>Reads the fixed-width form <see cref="Timestamp"/> writes digit by digit (it is on every token lookup); anything else the general way.</summary>
    public override DateTimeOffset ReadTimestamp(System.Data.Common.DbDataReader reader, int ordinal)
        => reader.GetFieldType(ordinal) == typeof(string) && TryParseFixed(reader.GetString(ordinal), out var value) ? value : base.ReadTimestamp(reader, ordinal);

    internal static bool TryParseFixed(string text, out DateTimeOffset value)
    {
        value = default;
        if (text.Length != TimestampLength || text[4] != '-' || text[7] != '-' || text[10] != ' ' || text[13] != ':' || text[16] != ':' || text[19] != '.')
        {
            return false;
        }

        if (!Digits(text, 0, 4, out var year) || !Digits(text, 5, 2, out var month) || !Digits(text, 8, 2, out var day)
            || !Digits(text, 11, 2, out var hour) || !Digits(text, 14, 2, out var minute) || !Digits(text, 17, 2, out var second)
            || !Digits(text, 20, 6, out var micros) || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(Math.Max(year, 1), month)
            || hour > 23 || minute > 59 || second > 59 || year < 1)
        {
            return false;
        }

        value = new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.Zero).AddTicks(micros * TimeSpan.TicksPerMicrosecond);
        return true;
    }

    private static bool Digits(string text, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            var digit = text[i] - '0';
            if ((uint)digit > 9)
            {
                return false;
            }

            value = (value * 10) + digit;
        }

        return true;
    }

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
