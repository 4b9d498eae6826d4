using System.Globalization;
using MySqlConnector;

namespace Tessera.Testing;

/// <summary>
/// A private MariaDB for the test process: <c>mariadb-install-db</c> in a temp folder, listening
/// on a free loopback port, with a user that needs a password. Started once, on first use;
/// stopped and deleted when the process exits. MariaDB may run as root with <c>--user=root</c>.
/// </summary>
public sealed class MariaDbServer
{
    // ':' and '@' in the password: the Go-style DSN takes user info literally up to the last '@'.
    public const string Password = "my:p@ss";
    public const string User = "tessera";

    private static readonly Lazy<Task<MariaDbServer>> Shared = new(StartAsync, LazyThreadSafetyMode.ExecutionAndPublication);
    private static int databaseCounter;
    private readonly ServerProcess process;

    private MariaDbServer(ServerProcess process, int port)
    {
        this.process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The server of this test process, started on first call.</summary>
    public static Task<MariaDbServer> GetAsync() => Shared.Value;

    /// <summary>Creates an empty database and returns its <c>mysql://…@tcp(127.0.0.1:port)/db</c> DSN.</summary>
    public async Task<string> CreateDatabaseAsync(CancellationToken ct = default)
    {
        var name = "test_" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "_" +
                   Interlocked.Increment(ref databaseCounter).ToString(CultureInfo.InvariantCulture);
        await using var connection = new MySqlConnection(ConnectionString(null));
        await connection.OpenAsync(ct);
        await using var command = new MySqlCommand($"CREATE DATABASE {name} CHARACTER SET utf8mb4", connection);
        await command.ExecuteNonQueryAsync(ct);
        return Dsn(name);
    }

    public string Dsn(string database)
        => $"mysql://{User}:{Password}@tcp(127.0.0.1:{Port})/{database}?parseTime=true";

    private string ConnectionString(string? database)
    {
        var builder = new MySqlConnectionStringBuilder
        {
            Server = "127.0.0.1",
            Port = (uint)Port,
            UserID = User,
            Password = Password,
            Pooling = false,
            ConnectionTimeout = 2,
            SslMode = MySqlSslMode.None,
        };
        if (database is not null)
        {
            builder.Database = database;
        }

        return builder.ConnectionString;
    }

    private static async Task<MariaDbServer> StartAsync()
    {
        var daemon = Which("mariadbd") ?? Which("mysqld")
            ?? throw new InvalidOperationException("mariadbd is not installed; build/test.sh installs it (apt-get install mariadb-server).");
        var installer = Which("mariadb-install-db") ?? Which("mysql_install_db")
            ?? throw new InvalidOperationException("mariadb-install-db is not installed; build/test.sh installs it (apt-get install mariadb-server).");

        var folder = new TempFolder("tessera-mariadb");
        var data = folder.File("data");
        var socket = folder.File("mysqld.sock");
        string[] install = ["--no-defaults", "--datadir=" + data, "--user=" + Environment.UserName, "--auth-root-authentication-method=normal", "--skip-test-db"];
        try
        {
            await ServerProcess.RunAsync(installer, install, "mariadb-install-db");
        }
        catch (InvalidOperationException)
        {
            // Seen once on a loaded clean-clone run, while other test processes were starting their servers: a
            // second try into an empty folder.
            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }

            await ServerProcess.RunAsync(installer, install, "mariadb-install-db");
        }

        var port = FreePort.Next();
        var errorLog = folder.File("error.log");
        var process = ServerProcess.Start(
            daemon,
            ["--no-defaults", "--datadir=" + data, "--port=" + port.ToString(CultureInfo.InvariantCulture), "--bind-address=127.0.0.1",
             "--socket=" + socket, "--pid-file=" + folder.File("mysqld.pid"), "--user=" + Environment.UserName, "--skip-log-bin", "--skip-name-resolve",
             "--innodb-flush-log-at-trx-commit=0", "--innodb-buffer-pool-size=32M", "--innodb-log-file-size=16M", "--innodb-doublewrite=0",
             "--max-connections=300", "--log-error=" + errorLog],
            folder,
            "mysqld.pid",
            "KILL");
        string ErrorLog() => File.Exists(errorLog) ? File.ReadAllText(errorLog) : string.Empty;
        await process.WaitUntilReadyAsync("MariaDB", () => CreateUserAsync(socket), TimeSpan.FromSeconds(30), ErrorLog);
        return new MariaDbServer(process, port);
    }

    // Root has no password on the local socket until this runs; the tests only use the user made here.
    private static async Task<bool> CreateUserAsync(string socket)
    {
        if (!File.Exists(socket))
        {
            return false;
        }

        try
        {
            var builder = new MySqlConnectionStringBuilder
            {
                Server = socket,
                ConnectionProtocol = MySqlConnectionProtocol.UnixSocket,
                UserID = "root",
                Pooling = false,
            };
            await using var connection = new MySqlConnection(builder.ConnectionString);
            await connection.OpenAsync();
            await using var command = new MySqlCommand(
                $"CREATE USER IF NOT EXISTS '{User}'@'%' IDENTIFIED BY '{Password}'; GRANT ALL PRIVILEGES ON *.* TO '{User}'@'%'; FLUSH PRIVILEGES;",
                connection);
            await command.ExecuteNonQueryAsync();
            return true;
        }
        catch (MySqlException)
        {
            return false;
        }
    }

    private static string? Which(string name)
    {
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Append("/usr/sbin").Append("/usr/bin"))
        {
            var path = Path.Combine(folder, name);
            if (folder.Length > 0 && File.Exists(path))
            {
                return path;
            }
        }

        return null;
    }
}
