using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Tessera.OAuth2.Clients;
using Tessera.OAuth2.Storage;
using Tessera.Platform.Configuration;
using Tessera.Platform.Outbound;
using Tessera.Platform.Persistence;
using Tessera.Platform.Services;
using Tessera.Testing;

namespace Tessera.OAuth2.Tests;

/// <summary>
/// The oauth2 service started in-process on a fresh SQLite file, with configuration overrides and a
/// hand-moved clock, for protocol tests below the HTTP layer.
/// </summary>
internal sealed class OAuth2TestRuntime : IAsyncDisposable
{
    private readonly TempFolder folder;
    private readonly Database database;

    private OAuth2TestRuntime(TempFolder folder, Database database, OAuth2Runtime runtime, ManualTime time)
    {
        this.folder = folder;
        this.database = database;
        Runtime = runtime;
        Time = time;
    }

    public OAuth2Runtime Runtime { get; }

    public ManualTime Time { get; }

    /// <summary>The service's clients as stored, for arranging what the admin API would refuse.</summary>
    public ClientStore ClientStore => new(database);

    /// <summary>The service's trusted issuers as stored; their keys are sealed as the service seals them.</summary>
    public TrustStore TrustStore => new(database, new KeyStore(database, Runtime.Box, Time), Time);

    public LoginSessionStore LoginSessionStore => new(database);

    /// <summary>Starts the service; <paramref name="network"/> replaces the name resolver its outbound calls use.</summary>
    public static async Task<OAuth2TestRuntime> StartAsync(IReadOnlyDictionary<string, string>? config = null, OutboundNetwork? network = null)
    {
        var folder = new TempFolder("tessera-oauth2");
        var dsn = "sqlite://" + folder.File("db.sqlite") + "?_fk=true";
        var overrides = new Dictionary<string, string>
        {
            ["dsn"] = dsn,
            ["secrets.system"] = "[\"test-system-secret-0123456789\"]",
            ["urls.self.issuer"] = "https://issuer.test/",
            ["urls.login"] = "https://login.test/login",
            ["urls.consent"] = "https://login.test/consent",
            ["urls.logout"] = "https://login.test/logout",
            ["oauth2.hashers.pbkdf2.iterations"] = "1000",
        };
        foreach (var (key, value) in config ?? new Dictionary<string, string>())
        {
            overrides[key] = value;
        }

        var snapshot = ConfigLoader.Load(ConfigSchema.FromJson(OAuth2Service.Descriptor.ReadConfigSchema()), new ConfigSources { Overrides = overrides });
        var database = Database.Open(dsn);
        await new Migrator(database, OAuth2Service.Descriptor.Migrations!).ApplyAsync(CancellationToken.None);
        var time = new ManualTime();
        var context = new ServiceContext(snapshot, database, NullLoggerFactory.Instance, time) { Outbound = network ?? OutboundNetwork.System };
        var runtime = (OAuth2Runtime)await OAuth2Runtime.StartAsync(context, CancellationToken.None);
        return new OAuth2TestRuntime(folder, database, runtime, time);
    }

    /// <summary>Registers a client straight through the store; the secret, if any, is hashed as the admin API would.</summary>
    public async Task<OAuth2Client> AddClientAsync(string id, string? secret, JsonObject document)
    {
        document["client_id"] = id;
        var client = new OAuth2Client { Id = id, SecretHash = secret is null ? null : Runtime.Hasher.Hash(secret), Document = document };
        Assert.True(await ClientStore.CreateAsync(client, null, CancellationToken.None));
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await database.DisposeAsync();
        folder.Dispose();
    }
}
