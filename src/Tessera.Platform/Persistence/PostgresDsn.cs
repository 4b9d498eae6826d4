using System.Globalization;
using Npgsql;

namespace Tessera.Platform.Persistence;

/// <summary>
/// <c>postgres://</c>, <c>postgresql://</c> and <c>cockroach://</c> URLs in libpq's form:
/// <c>scheme://user:password@host:port/database?sslmode=…</c>. User and password are
/// percent-decoded; a host that decodes to an absolute path is a unix socket folder.
/// </summary>
internal static class PostgresDsn
{
    private static readonly string[] Known =
    [
        "sslmode", "sslcert", "sslkey", "sslrootcert", "connect_timeout", "application_name",
        "fallback_application_name", "search_path", "max_conns", "max_idle_conns", "max_conn_lifetime", "max_idle_conn_time",
    ];

    public static Dsn Parse(string scheme, string rest, SqlDialectKind kind)
    {
        var backend = kind == SqlDialectKind.Cockroach ? "CockroachDB" : "PostgreSQL";
        var questionMark = rest.IndexOf('?');
        var main = questionMark < 0 ? rest : rest[..questionMark];
        var rawQuery = questionMark < 0 ? null : rest[(questionMark + 1)..];

        // The last '@' ends the user info, so an unescaped '@' in a password still parses.
        var at = main.LastIndexOf('@');
        var userInfo = at < 0 ? null : main[..at];
        var address = at < 0 ? main : main[(at + 1)..];
        var redacted = DsnRedaction.Redact(scheme, userInfo, address, rawQuery);

        var slash = address.IndexOf('/');
        var hostPort = slash < 0 ? address : address[..slash];
        var database = slash < 0 ? string.Empty : Decode(address[(slash + 1)..], "database name", redacted);
        var (host, port) = SplitHostPort(hostPort, kind == SqlDialectKind.Cockroach ? 26257 : 5432, redacted);

        string? user = null;
        string? password = null;
        if (userInfo is not null)
        {
            var colon = userInfo.IndexOf(':');
            user = Decode(colon < 0 ? userInfo : userInfo[..colon], "user name", redacted);
            password = colon < 0 ? null : Decode(userInfo[(colon + 1)..], "password", redacted);
        }

        var query = DsnQuery.Parse(rawQuery ?? string.Empty, redacted);
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = host,
            Port = port,
        };
        if (!string.IsNullOrEmpty(user))
        {
            builder.Username = user;
        }

        if (password is not null)
        {
            builder.Password = password;
        }

        if (database.Length > 0)
        {
            builder.Database = database;
        }

        var sslMode = query.Choice("sslmode", "disable", "allow", "prefer", "require", "verify-ca", "verify-full");
        if (sslMode is not null)
        {
            builder.SslMode = sslMode switch
            {
                "disable" => SslMode.Disable,
                "allow" => SslMode.Allow,
                "prefer" => SslMode.Prefer,
                "require" => SslMode.Require,
                "verify-ca" => SslMode.VerifyCA,
                _ => SslMode.VerifyFull,
            };
        }

        if (query.Text("sslcert") is { } cert)
        {
            builder.SslCertificate = cert;
        }

        if (query.Text("sslkey") is { } key)
        {
            builder.SslKey = key;
        }

        if (query.Text("sslrootcert") is { } root)
        {
            builder.RootCertificate = root;
        }

        // libpq counts connect_timeout in seconds, 0 meaning wait forever; so does Npgsql's Timeout.
        if (query.Integer("connect_timeout", 0, 1024) is { } timeout)
        {
            builder.Timeout = timeout;
        }

        // Npgsql has no fallback_application_name: it is used when application_name is absent,
        // which is what libpq does with it.
        var applicationName = query.Text("application_name");
        var fallbackName = query.Text("fallback_application_name");
        if ((applicationName ?? fallbackName) is { } name)
        {
            builder.ApplicationName = name;
        }

        if (query.Text("search_path") is { } searchPath)
        {
            builder.SearchPath = searchPath;
        }

        var pool = query.Pool();
        query.RejectUnknown(backend, Known);
        ApplyPool(builder, pool);

        return new Dsn
        {
            Kind = kind,
            ConnectionString = builder.ConnectionString,
            Pool = pool,
            Redacted = redacted,
        };
    }

    // Go's database/sql and Npgsql's pool differ: max_conns is MaxPoolSize and the two time limits
    // are ConnectionLifetime and ConnectionIdleLifetime (whole seconds, rounded up; Go's 0 means
    // "no limit": lifetime 0 is that in Npgsql too, an idle time of 0 becomes one day). Npgsql has
    // no cap on idle connections: it prunes idle ones down to MinPoolSize after the idle time, so
    // max_idle_conns is recorded in PoolSettings but has no provider setting to map to.
    private static void ApplyPool(NpgsqlConnectionStringBuilder builder, PoolSettings pool)
    {
        if (pool.MaxConnections is { } max)
        {
            builder.MaxPoolSize = max;
        }

        if (pool.MaxConnectionLifetime is { } lifetime)
        {
            builder.ConnectionLifetime = Seconds(lifetime);
        }

        if (pool.MaxIdleTime is { } idle)
        {
            var seconds = idle == TimeSpan.Zero ? 86_400 : Seconds(idle);
            builder.ConnectionIdleLifetime = seconds;
            builder.ConnectionPruningInterval = Math.Max(1, Math.Min(10, seconds / 2));
        }
    }

    private static int Seconds(TimeSpan span) => (int)Math.Min(int.MaxValue, Math.Ceiling(span.TotalSeconds));

    private static (string Host, int Port) SplitHostPort(string hostPort, int defaultPort, string redacted)
    {
        string host;
        string? portText = null;
        if (hostPort.StartsWith('['))
        {
            var close = hostPort.IndexOf(']');
            if (close < 0)
            {
                throw new DsnException($"The DSN's IPv6 host has no closing ']'. DSN: {redacted}");
            }

            host = hostPort[1..close];
            var after = hostPort[(close + 1)..];
            if (after.Length > 0)
            {
                if (after[0] != ':')
                {
                    throw new DsnException($"The DSN has text after its IPv6 host that is not ':port'. DSN: {redacted}");
                }

                portText = after[1..];
            }
        }
        else
        {
            var colon = hostPort.LastIndexOf(':');
            host = colon < 0 ? hostPort : hostPort[..colon];
            portText = colon < 0 ? null : hostPort[(colon + 1)..];
            host = Decode(host, "host", redacted);
        }

        if (host.Length == 0)
        {
            throw new DsnException($"The DSN has no host. Write it as user:password@host:port/database. DSN: {redacted}");
        }

        var port = defaultPort;
        if (portText is not null && (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
        {
            throw new DsnException($"The DSN's port '{portText}' is not a number from 1 to 65535. DSN: {redacted}");
        }

        return (host, port);
    }

    private static string Decode(string text, string what, string redacted)
    {
        try
        {
            return Uri.UnescapeDataString(text);
        }
        catch (UriFormatException)
        {
            throw new DsnException($"The DSN's {what} is badly percent-encoded. DSN: {redacted}");
        }
    }
}
