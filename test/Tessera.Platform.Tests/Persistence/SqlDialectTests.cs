using Tessera.Platform.Persistence;

namespace Tessera.Platform.Tests.Persistence;

public sealed class SqlDialectTests
{
    [Fact]
    public void Postgres_sqlite_and_cockroach_upsert_with_on_conflict()
    {
        const string expected = "INSERT INTO t (a, b, c) VALUES (@a, @b, @c) ON CONFLICT (a) DO UPDATE SET b = excluded.b, c = excluded.c";

        Assert.Equal(expected, PostgresDialect.Instance.Upsert("t", ["a"], ["a", "b", "c"]));
        Assert.Equal(expected, SqliteDialect.Instance.Upsert("t", ["a"], ["a", "b", "c"]));
        Assert.Equal(expected, CockroachDialect.Instance.Upsert("t", ["a"], ["a", "b", "c"]));
        Assert.Equal("INSERT INTO t (a) VALUES (@a) ON CONFLICT (a) DO NOTHING", PostgresDialect.Instance.Upsert("t", ["a"], ["a"]));
    }

    [Fact]
    public void MySql_upserts_with_on_duplicate_key()
    {
        Assert.Equal(
            "INSERT INTO t (a, b, c) VALUES (@a, @b, @c) ON DUPLICATE KEY UPDATE c = VALUES(c)",
            MySqlDialect.Instance.Upsert("t", ["a", "b"], ["a", "b", "c"]));
        Assert.Equal("INSERT INTO t (a) VALUES (@a) ON DUPLICATE KEY UPDATE a = a", MySqlDialect.Instance.Upsert("t", ["a"], ["a"]));
    }

    [Theory]
    [InlineData("t; DROP TABLE x")]
    [InlineData("1abc")]
    [InlineData("")]
    [InlineData("a-b")]
    public void Names_that_are_not_plain_identifiers_are_refused(string name)
    {
        Assert.Throws<ArgumentException>(() => PostgresDialect.Instance.Upsert(name, ["a"], ["a"]));
        Assert.Throws<ArgumentException>(() => MySqlDialect.Instance.Upsert("t", [name], [name]));
        Assert.Throws<ArgumentException>(() => SqliteDialect.Instance.Parameter(name));
    }

    [Fact]
    public void A_key_column_must_be_inserted()
        => Assert.Throws<ArgumentException>(() => PostgresDialect.Instance.Upsert("t", ["id"], ["a"]));

    [Fact]
    public void Paging_and_parameters()
    {
        Assert.Equal("LIMIT 25 OFFSET 50", MySqlDialect.Instance.Page(25, 50));
        Assert.Equal("@client_id", PostgresDialect.Instance.Parameter("client_id"));
        Assert.Throws<ArgumentOutOfRangeException>(() => SqliteDialect.Instance.Page(-1, 0));
    }

    [Fact]
    public void Sqlite_timestamps_are_fixed_width_utc_text_with_microseconds()
    {
        var value = new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.FromHours(-5)).AddTicks(1234567);

        Assert.Equal("2030-01-02 08:04:05.123456", SqliteDialect.Instance.Timestamp(value));
        Assert.Equal(new DateTime(2030, 1, 2, 8, 4, 5, DateTimeKind.Utc).AddTicks(1234560), PostgresDialect.Instance.Timestamp(value));
    }

    [Fact]
    public void Dialects_are_chosen_by_kind()
    {
        foreach (var kind in Enum.GetValues<SqlDialectKind>())
        {
            Assert.Equal(kind, SqlDialect.For(kind).Kind);
        }

        Assert.False(SqlDialect.For(SqlDialectKind.MySql).SupportsTransactionalDdl);
        Assert.True(SqlDialect.For(SqlDialectKind.Postgres).SupportsTransactionalDdl);
    }

    [Fact]
    public void Sqlite_timestamps_read_back_to_the_microsecond()
    {
        var time = new DateTimeOffset(2026, 2, 28, 23, 59, 58, TimeSpan.Zero).AddTicks(1234567);
        var text = (string)SqliteDialect.Instance.Timestamp(time);

        Assert.Equal("2026-02-28 23:59:58.123456", text);
        Assert.True(SqliteDialect.TryParseFixed(text, out var read));
        Assert.Equal(time.AddTicks(-7), read);
        Assert.Equal(TimeSpan.Zero, read.Offset);
    }

    [Theory]
    [InlineData("2026-02-29 00:00:00.000000")]
    [InlineData("2026-13-01 00:00:00.000000")]
    [InlineData("2026-01-01 24:00:00.000000")]
    [InlineData("2026-01-01T00:00:00.000000")]
    [InlineData("2026-01-01 00:00:00.00000x")]
    [InlineData("2026-01-01 00:00:00")]
    [InlineData("0000-01-01 00:00:00.000000")]
    public void Other_text_is_left_to_the_general_parser(string text)
        => Assert.False(SqliteDialect.TryParseFixed(text, out _));
}
