using Microsoft.Data.Sqlite;
using MySqlConnector;
using Npgsql;
using Tessera.Platform.Persistence;

namespace Tessera.Platform.Tests.Persistence;

public sealed class DsnTests
{
    private const string Secret = "S3cr3t-pw";

    [Fact]
    public void Memory_is_shared_in_memory_sqlite_with_foreign_keys()
    {
        var dsn = Dsn.Parse("memory");
        var builder = new SqliteConnectionStringBuilder(dsn.ConnectionString);

        Assert.Equal(SqlDialectKind.Sqlite, dsn.Kind);
        Assert.True(dsn.IsMemory);
        Assert.Equal(SqliteOpenMode.Memory, builder.Mode);
        Assert.Equal(SqliteCacheMode.Shared, builder.Cache);
        Assert.Contains("PRAGMA foreign_keys = ON", dsn.SessionSetup);
        Assert.Equal("memory", dsn.Redacted);
    }

    [Theory]
    [InlineData("sqlite:///var/lib/tessera/db.sqlite?_fk=true", "/var/lib/tessera/db.sqlite")]
    [InlineData("sqlite://./db.sqlite?_fk=true", "./db.sqlite")]
    [InlineData("sqlite://relative.db", "relative.db")]
    [InlineData("sqlite://file:/abs/x.db?_fk=true", "/abs/x.db")]
    [InlineData("sqlite3:///abs/y.db", "/abs/y.db")]
    public void Sqlite_paths(string text, string path)
    {
        var dsn = Dsn.Parse(text);
        var builder = new SqliteConnectionStringBuilder(dsn.ConnectionString);

        Assert.Equal(SqlDialectKind.Sqlite, dsn.Kind);
        Assert.False(dsn.IsMemory);
        Assert.Equal(path, builder.DataSource);
        Assert.Equal(SqliteOpenMode.ReadWriteCreate, builder.Mode);
    }

    [Fact]
    public void Sqlite_file_defaults_to_wal_normal_and_a_busy_timeout()
    {
        var dsn = Dsn.Parse("sqlite:///tmp/x.db");

        Assert.Contains("PRAGMA journal_mode = WAL", dsn.SessionSetup);
        Assert.Contains("PRAGMA synchronous = NORMAL", dsn.SessionSetup);
        Assert.Contains("PRAGMA busy_timeout = 5000", dsn.SessionSetup);
        Assert.DoesNotContain("PRAGMA foreign_keys = ON", dsn.SessionSetup);
    }

    [Fact]
    public void Sqlite_parameters_map_onto_the_connection()
    {
        var dsn = Dsn.Parse("sqlite:///tmp/x.db?_fk=true&mode=rw&cache=private&_journal_mode=truncate&_busy_timeout=2500&_synchronous=FULL&max_conns=3");
        var builder = new SqliteConnectionStringBuilder(dsn.ConnectionString);

        Assert.Contains("PRAGMA foreign_keys = ON", dsn.SessionSetup);
        Assert.Equal(SqliteOpenMode.ReadWrite, builder.Mode);
        Assert.Equal(SqliteCacheMode.Private, builder.Cache);
        Assert.Equal(3, builder.DefaultTimeout);
        Assert.Contains("PRAGMA journal_mode = TRUNCATE", dsn.SessionSetup);
        Assert.Contains("PRAGMA synchronous = FULL", dsn.SessionSetup);
        Assert.Contains("PRAGMA busy_timeout = 2500", dsn.SessionSetup);
        Assert.Equal(3, dsn.Pool.MaxConnections);
    }

    [Theory]
    [InlineData("sqlite://file::memory:?_fk=true", ":memory:")]
    [InlineData("sqlite://file:named?mode=memory&cache=shared", "named")]
    public void Sqlite_memory_forms(string text, string dataSource)
    {
        var dsn = Dsn.Parse(text);
        var builder = new SqliteConnectionStringBuilder(dsn.ConnectionString);

        Assert.True(dsn.IsMemory);
        Assert.Equal(dataSource, builder.DataSource);
        Assert.Equal(SqliteCacheMode.Shared, builder.Cache);
        Assert.DoesNotContain(dsn.SessionSetup, s => s.Contains("journal_mode", StringComparison.Ordinal));
    }

    [Fact]
    public void Sqlite_read_only_does_not_change_the_journal()
    {
        var dsn = Dsn.Parse("sqlite:///tmp/x.db?mode=ro");

        Assert.Equal(SqliteOpenMode.ReadOnly, new SqliteConnectionStringBuilder(dsn.ConnectionString).Mode);
        Assert.DoesNotContain(dsn.SessionSetup, s => s.Contains("journal_mode", StringComparison.Ordinal));
    }

    [Fact]
    public void Postgres_url_with_every_parameter()
    {
        var dsn = Dsn.Parse(
            $"postgres://hydra:{Secret}@db.example.com:6432/hydra?sslmode=verify-full&sslcert=/c.pem&sslkey=/k.pem&sslrootcert=/ca.pem" +
            "&connect_timeout=7&application_name=tessera&search_path=auth,public&max_conns=20&max_idle_conns=4&max_conn_lifetime=1h&max_idle_conn_time=90s");
        var builder = new NpgsqlConnectionStringBuilder(dsn.ConnectionString);

        Assert.Equal(SqlDialectKind.Postgres, dsn.Kind);
        Assert.Equal("db.example.com", builder.Host);
        Assert.Equal(6432, builder.Port);
        Assert.Equal("hydra", builder.Username);
        Assert.Equal(Secret, builder.Password);
        Assert.Equal("hydra", builder.Database);
        Assert.Equal(SslMode.VerifyFull, builder.SslMode);
        Assert.Equal("/c.pem", builder.SslCertificate);
        Assert.Equal("/k.pem", builder.SslKey);
        Assert.Equal("/ca.pem", builder.RootCertificate);
        Assert.Equal(7, builder.Timeout);
        Assert.Equal("tessera", builder.ApplicationName);
        Assert.Equal("auth,public", builder.SearchPath);
        Assert.Equal(20, builder.MaxPoolSize);
        Assert.Equal(3600, builder.ConnectionLifetime);
        Assert.Equal(90, builder.ConnectionIdleLifetime);
        Assert.Equal(new PoolSettings { MaxConnections = 20, MaxIdleConnections = 4, MaxConnectionLifetime = TimeSpan.FromHours(1), MaxIdleTime = TimeSpan.FromSeconds(90) }, dsn.Pool);
    }

    [Theory]
    [InlineData("disable", SslMode.Disable)]
    [InlineData("allow", SslMode.Allow)]
    [InlineData("prefer", SslMode.Prefer)]
    [InlineData("require", SslMode.Require)]
    [InlineData("verify-ca", SslMode.VerifyCA)]
    [InlineData("verify-full", SslMode.VerifyFull)]
    public void Postgres_ssl_modes(string mode, SslMode expected)
        => Assert.Equal(expected, new NpgsqlConnectionStringBuilder(Dsn.Parse($"postgresql://u@h/d?sslmode={mode}").ConnectionString).SslMode);

    [Fact]
    public void Postgres_defaults_and_percent_decoding()
    {
        var dsn = Dsn.Parse("postgresql://us%40er:p%40ss%2Fw%3Ard@localhost/my%20db");
        var builder = new NpgsqlConnectionStringBuilder(dsn.ConnectionString);

        Assert.Equal(5432, builder.Port);
        Assert.Equal("us@er", builder.Username);
        Assert.Equal("p@ss/w:rd", builder.Password);
        Assert.Equal("my db", builder.Database);
        Assert.Equal("postgresql://us%40er:***@localhost/my%20db", dsn.Redacted);
    }

    [Fact]
    public void Postgres_fallback_application_name_is_used_only_without_application_name()
    {
        Assert.Equal("fb", new NpgsqlConnectionStringBuilder(Dsn.Parse("postgres://u@h/d?fallback_application_name=fb").ConnectionString).ApplicationName);
        Assert.Equal("app", new NpgsqlConnectionStringBuilder(Dsn.Parse("postgres://u@h/d?fallback_application_name=fb&application_name=app").ConnectionString).ApplicationName);
    }

    [Fact]
    public void Postgres_ipv6_host_and_unix_socket_folder()
    {
        Assert.Equal("::1", new NpgsqlConnectionStringBuilder(Dsn.Parse("postgres://u@[::1]:5433/d").ConnectionString).Host);
        Assert.Equal("/var/run/postgresql", new NpgsqlConnectionStringBuilder(Dsn.Parse("postgres://u@%2Fvar%2Frun%2Fpostgresql/d").ConnectionString).Host);
    }

    [Fact]
    public void Cockroach_uses_the_postgres_wire_with_its_own_default_port()
    {
        var dsn = Dsn.Parse($"cockroach://root:{Secret}@crdb:26257/defaultdb?sslmode=disable");
        var builder = new NpgsqlConnectionStringBuilder(dsn.ConnectionString);

        Assert.Equal(SqlDialectKind.Cockroach, dsn.Kind);
        Assert.Equal(26257, builder.Port);
        Assert.Equal(26257, new NpgsqlConnectionStringBuilder(Dsn.Parse("cockroach://root@crdb/defaultdb").ConnectionString).Port);
        Assert.Equal("cockroach://root:***@crdb:26257/defaultdb?sslmode=disable", dsn.Redacted);
    }

    [Fact]
    public void MySql_go_driver_form_with_every_parameter()
    {
        var dsn = Dsn.Parse(
            $"mysql://kratos:{Secret}@tcp(mysql.local:3307)/kratos?parseTime=true&collation=utf8mb4_unicode_ci&loc=UTC&maxAllowedPacket=4194304" +
            "&readTimeout=30s&writeTimeout=45s&timeout=5s&tls=skip-verify&charset=utf8mb4&max_conns=12&max_idle_conns=2&max_conn_lifetime=5m&max_idle_conn_time=1m");
        var builder = new MySqlConnectionStringBuilder(dsn.ConnectionString);

        Assert.Equal(SqlDialectKind.MySql, dsn.Kind);
        Assert.Equal("mysql.local", builder.Server);
        Assert.Equal(3307u, builder.Port);
        Assert.Equal("kratos", builder.UserID);
        Assert.Equal(Secret, builder.Password);
        Assert.Equal("kratos", builder.Database);
        Assert.Equal(MySqlDateTimeKind.Utc, builder.DateTimeKind);
        Assert.Equal(45u, builder.DefaultCommandTimeout);
        Assert.Equal(5u, builder.ConnectionTimeout);
        Assert.Equal(MySqlSslMode.Required, builder.SslMode);
        Assert.Equal(12u, builder.MaximumPoolSize);
        Assert.Equal(300u, builder.ConnectionLifeTime);
        Assert.Equal(60u, builder.ConnectionIdleTimeout);
        Assert.Equal(["SET NAMES utf8mb4 COLLATE utf8mb4_unicode_ci"], dsn.SessionSetup);
        Assert.Equal(2, dsn.Pool.MaxIdleConnections);
    }

    [Theory]
    [InlineData("true", MySqlSslMode.VerifyFull)]
    [InlineData("false", MySqlSslMode.None)]
    [InlineData("skip-verify", MySqlSslMode.Required)]
    [InlineData("preferred", MySqlSslMode.Preferred)]
    public void MySql_tls_values(string tls, MySqlSslMode expected)
        => Assert.Equal(expected, new MySqlConnectionStringBuilder(Dsn.Parse($"mysql://u:p@tcp(h:3306)/d?tls={tls}").ConnectionString).SslMode);

    [Fact]
    public void MySql_plain_host_and_unix_socket()
    {
        var plain = new MySqlConnectionStringBuilder(Dsn.Parse("mysql://u:p@db:3310/app").ConnectionString);
        Assert.Equal("db", plain.Server);
        Assert.Equal(3310u, plain.Port);
        Assert.Equal("app", plain.Database);

        var socket = new MySqlConnectionStringBuilder(Dsn.Parse("mysql://u:p@unix(/run/mysqld/mysqld.sock)/app?parseTime=true").ConnectionString);
        Assert.Equal("/run/mysqld/mysqld.sock", socket.Server);
        Assert.Equal(MySqlConnectionProtocol.UnixSocket, socket.ConnectionProtocol);
        Assert.Equal("app", socket.Database);
    }

    [Fact]
    public void MySql_user_info_is_literal_up_to_the_last_at_sign()
    {
        var dsn = Dsn.Parse("mysql://root:p@ss:w%rd@tcp(h:3306)/d");
        var builder = new MySqlConnectionStringBuilder(dsn.ConnectionString);

        Assert.Equal("root", builder.UserID);
        Assert.Equal("p@ss:w%rd", builder.Password);
        Assert.Equal("mysql://root:***@tcp(h:3306)/d", dsn.Redacted);
    }

    [Fact]
    public void MySql_charset_alone_sets_names()
        => Assert.Equal(["SET NAMES latin1"], Dsn.Parse("mysql://u:p@tcp(h:3306)/d?charset=latin1,utf8").SessionSetup);

    [Theory]
    [InlineData("sqlite:///x.db?_fk=yes", "'_fk'", "true or false")]
    [InlineData("sqlite:///x.db?_busy_timeout=soon", "'_busy_timeout'", "whole number")]
    [InlineData("sqlite:///x.db?_journal_mode=fast", "'_journal_mode'", "WAL")]
    [InlineData("sqlite:///x.db?mode=write", "'mode'", "rwc")]
    [InlineData("sqlite:///x.db?cache=big", "'cache'", "shared")]
    [InlineData("sqlite:///x.db?_synchronous=maybe", "'_synchronous'", "NORMAL")]
    [InlineData("postgres://u:" + Secret + "@h/d?sslmode=sometimes", "'sslmode'", "verify-full")]
    [InlineData("postgres://u:" + Secret + "@h/d?connect_timeout=-1", "'connect_timeout'", "whole number")]
    [InlineData("postgres://u:" + Secret + "@h/d?max_conns=0", "'max_conns'", "from 1")]
    [InlineData("postgres://u:" + Secret + "@h/d?max_conn_lifetime=10", "'max_conn_lifetime'", "duration")]
    [InlineData("postgres://u:" + Secret + "@h/d?max_idle_conn_time=5x", "'max_idle_conn_time'", "duration")]
    [InlineData("postgres://u:" + Secret + "@h/d?application_name=", "'application_name'", "empty")]
    [InlineData("mysql://u:" + Secret + "@tcp(h:3306)/d?parseTime=sure", "'parseTime'", "true or false")]
    [InlineData("mysql://u:" + Secret + "@tcp(h:3306)/d?tls=custom", "'tls'", "skip-verify")]
    [InlineData("mysql://u:" + Secret + "@tcp(h:3306)/d?loc=Europe%2FBerlin", "'loc'", "UTC or Local")]
    [InlineData("mysql://u:" + Secret + "@tcp(h:3306)/d?readTimeout=1y", "'readTimeout'", "duration")]
    [InlineData("mysql://u:" + Secret + "@tcp(h:3306)/d?maxAllowedPacket=big", "'maxAllowedPacket'", "whole number")]
    [InlineData("mysql://u:" + Secret + "@tcp(h:3306)/d?collation=x;DROP", "'collation'", "collation name")]
    [InlineData("mysql://u:" + Secret + "@tcp(h:3306)/d?max_idle_conns=-2", "'max_idle_conns'", "whole number")]
    public void Malformed_parameters_are_named_with_the_reason(string text, string parameter, string reason)
    {
        var error = Assert.Throws<DsnException>(() => Dsn.Parse(text));

        Assert.Contains(parameter, error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sqlite:///x.db?_fk=true&foo=1", "'foo'", "SQLite")]
    [InlineData("postgres://u:" + Secret + "@h/d?sslmode=disable&parseTime=true", "'parseTime'", "PostgreSQL")]
    [InlineData("cockroach://u:" + Secret + "@h/d?bogus=1", "'bogus'", "CockroachDB")]
    [InlineData("mysql://u:" + Secret + "@tcp(h:3306)/d?sslmode=disable", "'sslmode'", "MySQL")]
    [InlineData("postgres://u:" + Secret + "@h/d?password=" + Secret, "'password'", "PostgreSQL")]
    public void Unknown_parameters_are_named(string text, string parameter, string backend)
    {
        var error = Assert.Throws<DsnException>(() => Dsn.Parse(text));

        Assert.Contains(parameter, error.Message, StringComparison.Ordinal);
        Assert.Contains("not known for " + backend, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("oracle://u:" + Secret + "@h/d", "not supported")]
    [InlineData("just-a-word", "no scheme")]
    [InlineData("u:" + Secret + "@h/d", "no scheme")]
    [InlineData("postgres://u:" + Secret + "@/d", "no host")]
    [InlineData("postgres://u:" + Secret + "@:5432/d", "no host")]
    [InlineData("postgres://u:" + Secret + "@h:99999/d", "port")]
    [InlineData("postgres://u:" + Secret + "@h:abc/d", "port")]
    [InlineData("postgres://u:" + Secret + "@[::1/d", "']'")]
    [InlineData("mysql://u:" + Secret + "@tcp()/d", "no host")]
    [InlineData("mysql://u:" + Secret + "@/d", "no host")]
    [InlineData("mysql://u:" + Secret + "@tcp(h:3306/d", "')'")]
    [InlineData("mysql://u:" + Secret + "@unix()/d", "socket path")]
    [InlineData("mysql://u:" + Secret + "@tcp(h:0)/d", "port")]
    [InlineData("mysql://u:" + Secret + "@tcp(h:3306)d", "'/database'")]
    [InlineData("sqlite://", "no file path")]
    [InlineData("sqlite://?_fk=true", "no file path")]
    [InlineData("postgres://u:" + Secret + "@h/d?sslmode=disable&sslmode=require", "more than once")]
    public void Bad_dsns_are_rejected_without_the_password(string text, string reason)
    {
        var error = Assert.Throws<DsnException>(() => Dsn.Parse(text));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("postgres://u:" + Secret + "@h:5432/d?sslmode=disable")]
    [InlineData("postgresql://u:" + Secret + "@h/d")]
    [InlineData("cockroach://u:" + Secret + "@h/d")]
    [InlineData("mysql://u:" + Secret + "@tcp(h:3306)/d?parseTime=true")]
    [InlineData("mysql://u:" + Secret + "@unix(/s.sock)/d")]
    [InlineData("mysql://u:" + Secret + "@h:3306/d")]
    public void The_password_never_shows(string text)
    {
        var dsn = Dsn.Parse(text);

        Assert.DoesNotContain(Secret, dsn.Redacted, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, dsn.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, $"{dsn}", StringComparison.Ordinal);
        Assert.Contains("u:***@", dsn.Redacted, StringComparison.Ordinal);
        Assert.Contains(Secret, dsn.ConnectionString, StringComparison.Ordinal);
    }

    [Fact]
    public void Redacted_keeps_everything_but_the_password()
        => Assert.Equal(
            "postgres://u:***@h:5432/d?sslmode=disable&application_name=x",
            Dsn.Parse($"postgres://u:{Secret}@h:5432/d?sslmode=disable&application_name=x").Redacted);

    [Fact]
    public void A_user_without_password_is_redacted_as_is()
        => Assert.Equal("postgres://u@h/d", Dsn.Parse("postgres://u@h/d").Redacted);
}
