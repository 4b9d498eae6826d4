using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace Tessera.Testing;

/// <summary>
/// A private PostgreSQL 15 for the test process: initdb in a temp folder, listening on a free
/// loopback port, with a superuser that needs a password over TCP (so DSNs with passwords are
/// what the tests use). Started once, on first use; stopped and deleted when the process exits.
/// PostgreSQL refuses to run as root, so it runs as the <c>postgres</c> system user.
/// </summary>
public sealed class PostgresServer
{
    public const string BinFolder = "/usr/lib/postgresql/15/bin";

    // Characters that must be percent-encoded in a URL, so the DSN parser's decoding is exercised.
    public const string Password = "pg p@ss:w/rd%";
    public const string User = "tessera";

    private static readonly Lazy<Task<PostgresServer>> Shared = new(StartAsync, LazyThreadSafetyMode.ExecutionAndPublication);
    private static int databaseCounter;
    private readonly ServerProcess process;

    private PostgresServer(ServerProcess process, int port)
    {
        this.process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary>A DSN for the server's <c>postgres</c> database.</summary>
    public string AdminDsn => Dsn("postgres");

    /// <summary>The server of this test process, started on first call.</summary>
    public static Task<PostgresServer> GetAsync() => Shared.Value;

    /// <summary>Creates an empty database and returns its <c>postgres://</c> DSN.</summary>
    public async Task<string> CreateDatabaseAsync(CancellationToken ct = default)
    {
        var name = "test_" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "_" +
                   Interlocked.Increment(ref databaseCounter).ToString(CultureInfo.InvariantCulture);
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync(ct);
        return Dsn(name);
    }

    public string Dsn(string database)
        => $"postgres://{User}:{Uri.EscapeDataString(Password)}@127.0.0.1:{Port}/{database}?sslmode=disable";

    private string ConnectionString(string database)
        => new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = User,
            Password = Password,
            Database = database,
            SslMode = SslMode.Disable,
            Pooling = false,
            Timeout = 2,
        }.ConnectionString;

    private static async Task<PostgresServer> StartAsync()
    {
        if (!File.Exists(Path.Combine(BinFolder, "postgres")))
        {
            throw new InvalidOperationException($"PostgreSQL 15 is not installed in {BinFolder}; build/test.sh installs it (apt-get install postgresql-15).");
        }

        var folder = new TempFolder("tessera-postgres");
        var passwordFile = folder.File("password");
        await File.WriteAllTextAsync(passwordFile, Password);
        if (IsRoot)
        {
            await ServerProcess.RunAsync("chown", ["-R", "postgres:postgres", folder.Path], "Giving the temp folder to the postgres user");
        }

        var data = folder.File("data");
        var (initdb, initdbArguments) = AsPostgresUser(
            Path.Combine(BinFolder, "initdb"),
            ["-D", data, "-U", User, "--pwfile=" + passwordFile, "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]);
        await ServerProcess.RunAsync(initdb, initdbArguments, "initdb");

        var port = FreePort.Next();
        var (postgres, postgresArguments) = AsPostgresUser(
            Path.Combine(BinFolder, "postgres"),
            ["-D", data, "-p", port.ToString(CultureInfo.InvariantCulture),
             "-k", folder.Path, "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off",
             "-c", "full_page_writes=off", "-c", "shared_buffers=16MB", "-c", "max_connections=300"]);
        var process = ServerProcess.Start(
            postgres,
            postgresArguments,
            folder,
            "data/postmaster.pid",
            "QUIT",
            ImmediateShutdown);
        var server = new PostgresServer(process, port);
        await process.WaitUntilReadyAsync("PostgreSQL", server.AcceptsConnectionsAsync, TimeSpan.FromSeconds(30));
        return server;
    }

    private static bool IsRoot => Environment.UserName == "root";

    // PostgreSQL refuses to run as root; as any other user it simply runs as that user.
    private static (string FileName, string[] Arguments) AsPostgresUser(string program, string[] arguments)
        => IsRoot ? ("runuser", ["-u", "postgres", "--", program, .. arguments]) : (program, arguments);

    // SIGQUIT is PostgreSQL's immediate shutdown: the postmaster stops its children and removes
    // its shared memory, which a kill of the process tree would leave behind.
    private static bool ImmediateShutdown(ServerProcess process)
    {
        var pidFile = process.Folder.File("data/postmaster.pid");
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), out var pid))
        {
            return false;
        }

        using var kill = Process.Start("kill", ["-QUIT", pid.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit(2000);
        return kill.ExitCode == 0;
    }

    private async Task<bool> AcceptsConnectionsAsync()
    {
        try
        {
            await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
            await connection.OpenAsync();
            return true;
        }
        catch (NpgsqlException)
        {
            return false;
        }
    }
}
