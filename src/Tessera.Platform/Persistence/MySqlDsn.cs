using System.Globalization;
using MySqlConnector;

namespace Tessera.Platform.Persistence;

/// <summary>
/// <c>mysql://</c> DSNs in the Go MySQL driver's form that Ory documents:
/// <c>mysql://user:password@tcp(host:3306)/database?parseTime=true</c>, also with a plain
/// <c>host:port</c> or a unix socket <c>unix(/run/mysqld/mysqld.sock)</c>. As in the Go driver, the
/// user info is taken literally (not percent-decoded); the last '@' ends it.
/// </summary>
internal static class MySqlDsn
{
    private static readonly string[] Known =
    [
        "parseTime", "collation", "loc", "maxAllowedPacket", "readTimeout", "writeTimeout", "timeout", "tls", "charset",
        "max_conns", "max_idle_conns", "max_conn_lifetime", "max_idle_conn_time",
    ];

    public static Dsn Parse(string rest)
    {
        var questionMark = rest.IndexOf('?');
        var main = questionMark < 0 ? rest : rest[..questionMark];
        var rawQuery = questionMark < 0 ? null : rest[(questionMark + 1)..];
        var at = main.LastIndexOf('@');
        var userInfo = at < 0 ? null : main[..at];
        var address = at < 0 ? main : main[(at + 1)..];
        var redacted = DsnRedaction.Redact("mysql", userInfo, address, rawQuery);

        var builder = new MySqlConnectionStringBuilder();
        string databasePart;
        if (address.StartsWith("tcp(", StringComparison.Ordinal) || address.StartsWith("unix(", StringComparison.Ordinal))
        {
            var open = address.IndexOf('(');
            var close = address.IndexOf(')', open);
            if (close < 0)
            {
                throw new DsnException($"The MySQL DSN's address has no closing ')'. Write tcp(host:3306) or unix(/path/to/socket). DSN: {redacted}");
            }

            var inner = address[(open + 1)..close];
            if (address[..open] == "unix")
            {
                if (inner.Length == 0)
                {
                    throw new DsnException($"The MySQL DSN's unix() has no socket path. DSN: {redacted}");
                }

                builder.Server = inner;
                builder.ConnectionProtocol = MySqlConnectionProtocol.UnixSocket;
            }
            else
            {
                SetHostPort(builder, inner, redacted);
            }

            databasePart = address[(close + 1)..];
            if (databasePart.Length > 0 && databasePart[0] != '/')
            {
                throw new DsnException($"The MySQL DSN needs '/database' right after its address. DSN: {redacted}");
            }
        }
        else
        {
            var slash = address.IndexOf('/');
            SetHostPort(builder, slash < 0 ? address : address[..slash], redacted);
            databasePart = slash < 0 ? string.Empty : address[slash..];
        }

        if (databasePart.Length > 1)
        {
            builder.Database = Uri.UnescapeDataString(databasePart[1..]);
        }

        if (userInfo is not null)
        {
            var colon = userInfo.IndexOf(':');
            builder.UserID = colon < 0 ? userInfo : userInfo[..colon];
            if (colon >= 0)
            {
                builder.Password = userInfo[(colon + 1)..];
            }
        }

        var query = DsnQuery.Parse(rawQuery ?? string.Empty, redacted);

        // MySqlConnector always reads DATETIME columns as DateTime, which is what parseTime=true
        // asks of the Go driver; the value is still checked so a typo is caught.
        _ = query.Boolean("parseTime");

        // loc tells the Go driver which zone DATETIME values are in. MySqlConnector can only tag
        // them UTC or Local, so those are the zones accepted.
        var loc = query.Text("loc");
        if (loc is not null)
        {
            builder.DateTimeKind = loc switch
            {
                "UTC" => MySqlDateTimeKind.Utc,
                "Local" => MySqlDateTimeKind.Local,
                _ => throw query.Invalid("loc", loc, "UTC or Local (other zones are not supported; store UTC)"),
            };
        }

        // max_allowed_packet is a server limit; MySqlConnector sizes its packets from the server's
        // setting, so the value is only validated.
        _ = query.Integer("maxAllowedPacket", 0, 1 << 30);

        // The Go driver's read/write timeouts bound each network I/O; MySqlConnector has one
        // per-command timeout, which gets the larger of the two (whole seconds, rounded up).
        var readTimeout = query.Duration("readTimeout");
        var writeTimeout = query.Duration("writeTimeout");
        if (readTimeout is not null || writeTimeout is not null)
        {
            var longest = TimeSpan.FromTicks(Math.Max(readTimeout?.Ticks ?? 0, writeTimeout?.Ticks ?? 0));
            builder.DefaultCommandTimeout = (uint)Math.Ceiling(longest.TotalSeconds);
        }

        if (query.Duration("timeout") is { } connectTimeout)
        {
            builder.ConnectionTimeout = (uint)Math.Ceiling(connectTimeout.TotalSeconds);
        }

        var tls = query.Choice("tls", "true", "false", "skip-verify", "preferred");
        if (tls is not null)
        {
            builder.SslMode = tls switch
            {
                "true" => MySqlSslMode.VerifyFull,
                "false" => MySqlSslMode.None,
                "skip-verify" => MySqlSslMode.Required,
                _ => MySqlSslMode.Preferred,
            };
        }

        var setup = new List<string>();
        var charset = query.Text("charset");
        var collation = query.Text("collation");
        if (charset is not null || collation is not null)
        {
            // The Go driver takes a comma-separated preference list; the first one is used here.
            var firstCharset = charset?.Split(',')[0];
            if (firstCharset is not null && !IsIdentifier(firstCharset))
            {
                throw query.Invalid("charset", charset!, "a character set name such as utf8mb4");
            }

            if (collation is not null && !IsIdentifier(collation))
            {
                throw query.Invalid("collation", collation, "a collation name such as utf8mb4_general_ci");
            }

            // MySqlConnector always negotiates utf8mb4; a different session character set or
            // collation is set after connecting.
            setup.Add(collation is null
                ? $"SET NAMES {firstCharset}"
                : $"SET NAMES {firstCharset ?? CharsetOf(collation)} COLLATE {collation}");
        }

        var pool = query.Pool();
        query.RejectUnknown("MySQL", Known);
        ApplyPool(builder, pool);

        return new Dsn
        {
            Kind = SqlDialectKind.MySql,
            ConnectionString = builder.ConnectionString,
            Pool = pool,
            Redacted = redacted,
            SessionSetup = setup,
        };
    }

    // MaximumPoolSize, ConnectionLifeTime and ConnectionIdleTimeout match max_conns,
    // max_conn_lifetime and max_idle_conn_time (whole seconds; 0 is "no limit" on both sides).
    // MySqlConnector cannot cap idle connections, so max_idle_conns is recorded only.
    private static void ApplyPool(MySqlConnectionStringBuilder builder, PoolSettings pool)
    {
        if (pool.MaxConnections is { } max)
        {
            builder.MaximumPoolSize = (uint)max;
        }

        if (pool.MaxConnectionLifetime is { } lifetime)
        {
            builder.ConnectionLifeTime = (uint)Math.Ceiling(lifetime.TotalSeconds);
        }

        if (pool.MaxIdleTime is { } idle)
        {
            builder.ConnectionIdleTimeout = (uint)Math.Ceiling(idle.TotalSeconds);
        }
    }

    private static void SetHostPort(MySqlConnectionStringBuilder builder, string hostPort, string redacted)
    {
        var colon = hostPort.LastIndexOf(':');
        var host = colon < 0 ? hostPort : hostPort[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }

        if (host.Length == 0)
        {
            throw new DsnException($"The MySQL DSN has no host. Write user:password@tcp(host:3306)/database. DSN: {redacted}");
        }

        builder.Server = host;
        if (colon >= 0)
        {
            var portText = hostPort[(colon + 1)..];
            if (!uint.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            {
                throw new DsnException($"The MySQL DSN's port '{portText}' is not a number from 1 to 65535. DSN: {redacted}");
            }

            builder.Port = port;
        }
    }

    private static string CharsetOf(string collation)
    {
        var underscore = collation.IndexOf('_');
        return underscore < 0 ? collation : collation[..underscore];
    }

    private static bool IsIdentifier(string text)
        => text.Length > 0 && text.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
