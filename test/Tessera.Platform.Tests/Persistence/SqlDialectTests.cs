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
}
