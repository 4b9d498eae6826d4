using Microsoft.Extensions.Logging;
using Tessera.Platform.Configuration;
using Tessera.Platform.Hosting;
using Tessera.Platform.Observability;
using Tessera.Platform.Persistence;

namespace Tessera.Platform.Services;

/// <summary>
/// Turns a service descriptor into running listeners: loads and validates its config, opens and
/// checks its database (migrating automatically only in dev mode or for the memory DSN), and applies
/// the service's TLS rule.
/// </summary>
internal sealed partial class ServiceStartup(IReadOnlyList<string> configFiles, bool dev, bool forceHttp)
{
    private static readonly Lock GaugeLock = new();

    public async Task<RunningService> PrepareAsync(ServiceDescriptor service, bool prefixed, CancellationToken ct)
    {
        var schema = ConfigSchema.FromJson(service.ReadConfigSchema());
        var overrides = new Dictionary<string, string>();
        if (dev)
        {
            overrides["dev"] = "true";
        }

        var sources = new ConfigSources
        {
            Files = configFiles,
            Environment = ConfigSources.ProcessEnvironment(),
            Overrides = overrides,
            EnvPrefix = prefixed ? service.Name.ToUpperInvariant() + "_" : null,
            FileSection = prefixed ? service.Name : null,
        };
        var config = ConfigLoader.Load(schema, sources);
        var isDev = config.GetBool("dev") ?? false;
        var level = new LogLevelSwitch(LogLevels.Parse(config.GetString("log.level")));
        var loggers = LoggingSetup.CreateFactory(config, level);
        var logger = loggers.CreateLogger("Tessera." + service.Name);
        ConfigWatcher? watcher = null;
        if (configFiles.Count > 0)
        {
            watcher = new ConfigWatcher(schema, sources, config, logger);
            watcher.Changed += (_, current) => level.Minimum = LogLevels.Parse(current.GetString("log.level"));
        }

        var database = service.UsesDatabase ? await OpenDatabaseAsync(service, config, isDev, logger, ct) : null;
        try
        {
            var context = new ServiceContext(config, database, loggers, TimeProvider.System);
            var checks = database is null ? new List<ReadinessCheck>() : [new ReadinessCheck("database", database.PingAsync)];
            if (database is not null)
            {
                RegisterPoolGauges(service.Name, database);
            }

            var listeners = service.Listeners.Select(l => (Descriptor: l, Options: ListenerOptionsReader.Read(config, l))).Where(l => l.Options.Enabled).ToList();
            foreach (var (_, options) in listeners)
            {
                CheckTransportSecurity(service, options, isDev, logger);
            }

            var instance = service.Start is null ? null : await service.Start(context, ct);
            checks.AddRange(instance?.ReadinessChecks ?? []);
            var hosts = new List<ListenerHost>();
            foreach (var (listener, options) in listeners)
            {
                var errors = instance?.ErrorWriter(listener.Name);
                hosts.Add(ListenerHost.Create(new ListenerSpec
                {
                    Service = service.Name,
                    Options = options,
                    Config = config,
                    LogLevel = level,
                    CurrentConfig = watcher is null ? null : () => watcher.Current,
                    ReadinessChecks = checks,
                    ConfigureServices = instance is null ? null : services => instance.ConfigureServices(listener.Name, services),
                    MapEndpoints = instance is null ? null : routes => instance.MapEndpoints(listener.Name, routes),
                    Errors = errors ?? ((http, status, message) => OryError.WriteAsync(http, status, message)),
                    MaxRequestBodyBytes = listener.MaxRequestBodyBytes,
                }));
            }

            return new RunningService(hosts, database, watcher, loggers, logger, config.GetDuration("serve.shutdown.timeout") ?? TimeSpan.FromSeconds(10));
        }
        catch
        {
            if (database is not null)
            {
                await database.DisposeAsync();
            }

            watcher?.Dispose();
            loggers.Dispose();
            throw;
        }
    }

    private static async Task<Database> OpenDatabaseAsync(ServiceDescriptor service, ConfigSnapshot config, bool isDev, ILogger logger, CancellationToken ct)
    {
        var text = config.GetString("dsn");
        if (string.IsNullOrWhiteSpace(text))
        {
            text = isDev ? "memory" : throw new StartupException(
                $"{service.Name}: no database configured. Set dsn in the config file or the DSN environment variable (e.g. DSN=sqlite:///var/lib/tessera/{service.Name}.sqlite?_fk=true), or pass --dev to use an in-memory database.");
        }

        // The memory DSN is one database per service here, not one per process (see SqliteDsn.Memory).
        var dsn = text.Trim() == "memory" ? SqliteDsn.Memory(service.Name) : Dsn.Parse(text);
        if (dsn.IsMemory && !isDev)
        {
            throw new StartupException($"{service.Name}: the memory DSN loses every change when the process stops; it is allowed with --dev only.");
        }

        var database = Database.Open(dsn);
        try
        {
            var migrator = new Migrator(database, service.Migrations!);
            if (isDev || dsn.IsMemory)
            {
                var applied = await migrator.ApplyAsync(ct);
                LogAutoMigrated(logger, service.Name, applied);
            }
            else if (!await migrator.IsUpToDateAsync(ct))
            {
                throw new StartupException(
                    $"{service.Name}: the database at {dsn.Redacted} is not migrated to this version. Run `tessera migrate sql -e --yes` (with DSN set) once, then start again.");
            }

            return database;
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }
    }

    private void CheckTransportSecurity(ServiceDescriptor service, ListenerOptions options, bool isDev, ILogger logger)
    {
        if (!service.RefusesPlainHttp || options.Tls is not null || isDev || options.AllowTerminationFrom.Count > 0 || options.UnixSocketPath is not null)
        {
            return;
        }

        if (!forceHttp)
        {
            throw new StartupException(
                $"{service.Name}: serve.{options.Name} has no TLS certificate. Set serve.tls.cert and serve.tls.key (path or base64), or serve.tls.allow_termination_from when a trusted proxy terminates TLS, or pass --dangerous-force-http (or --dev for development).");
        }

        LogForcedHttp(logger, service.Name, options.Name);
    }

    private static void RegisterPoolGauges(string service, Database database)
    {
        // `serve all` prepares its services concurrently; the metrics registry's callback list is shared.
        lock (GaugeLock)
        {
            RegisterPoolGaugesLocked(service, database);
        }
    }

    private static void RegisterPoolGaugesLocked(string service, Database database)
    {
        RequestMetrics.AddGauge("tessera_db_connections_in_use", "Database connections currently open.", ["service"],
            gauge => gauge.WithLabels(service).Set(database.PoolStats.InUse));
        RequestMetrics.AddGauge("tessera_db_connections_max", "The pool's connection limit (0 when unlimited).", ["service"],
            gauge => gauge.WithLabels(service).Set(database.PoolStats.MaxSize ?? 0));
        RequestMetrics.AddGauge("tessera_db_connections_opened", "Connections opened since start.", ["service"],
            gauge => gauge.WithLabels(service).Set(database.PoolStats.Opened));
        RequestMetrics.AddGauge("tessera_db_transaction_retries", "Transactions retried after losing a race.", ["service"],
            gauge => gauge.WithLabels(service).Set(database.PoolStats.TransactionRetries));
    }

    [LoggerMessage(3000, LogLevel.Information, "{Service}: applied {Count} migration(s) automatically (dev mode or memory DSN)", EventName = "AutoMigrated")]
    private static partial void LogAutoMigrated(ILogger logger, string service, int count);

    [LoggerMessage(3001, LogLevel.Warning, "{Service}: serve.{Listener} is serving PLAIN HTTP because of --dangerous-force-http. Tokens and secrets cross the network unencrypted.", EventName = "ForcedHttp")]
    private static partial void LogForcedHttp(ILogger logger, string service, string listener);
}
