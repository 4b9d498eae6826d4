using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Tessera.Platform.Configuration;
using Tessera.Platform.Persistence;
using Tessera.Platform.Services;
using Tessera.Testing;

namespace Tessera.Identity.Tests;

/// <summary>
/// An identity runtime started as the platform starts it: configuration through the service's schema,
/// a migrated SQLite database in a temporary folder, and two identity schemas (<c>default</c> from a
/// <c>file://</c> URL, <c>username</c> from a <c>base64://</c> URL).
/// </summary>
internal sealed class IdentityTestRuntime : IAsyncDisposable
{
    private readonly TempFolder folder;
    private readonly Database database;

    private IdentityTestRuntime(TempFolder folder, Database database, IdentityRuntime runtime, ManualTime time)
    {
        this.folder = folder;
        this.database = database;
        Runtime = runtime;
        Time = time;
    }

    public IdentityRuntime Runtime { get; }

    /// <summary>The runtime's clock, which moves only when a test moves it.</summary>
    public ManualTime Time { get; }

    public static async Task<IdentityTestRuntime> StartAsync(IReadOnlyDictionary<string, string>? config = null)
    {
        var folder = new TempFolder("tessera-identity");
        await File.WriteAllTextAsync(folder.File("email.schema.json"), IdentityTestSchemas.Email);
        var dsn = "sqlite://" + folder.File("db.sqlite") + "?_fk=true";
        var username = Convert.ToBase64String(Encoding.UTF8.GetBytes(IdentityTestSchemas.Username));
        var overrides = new Dictionary<string, string>
        {
            ["dsn"] = dsn,
            ["serve.public.base_url"] = "https://id.test/",
            ["dev"] = "true",
            ["hashers.bcrypt.cost"] = "4",
            ["identity.default_schema_id"] = "default",
            ["identity.schemas"] = $$"""[{"id":"default","url":"file://{{folder.File("email.schema.json")}}"},{"id":"username","url":"base64://{{username}}"}]""",
        };
        foreach (var (key, value) in config ?? new Dictionary<string, string>())
        {
            overrides[key] = value;
        }

        var snapshot = ConfigLoader.Load(ConfigSchema.FromJson(IdentityService.Descriptor.ReadConfigSchema()), new ConfigSources { Overrides = overrides });
        var database = Database.Open(dsn);
        await new Migrator(database, IdentityService.Descriptor.Migrations!).ApplyAsync(CancellationToken.None);
        var time = new ManualTime();
        var context = new ServiceContext(snapshot, database, NullLoggerFactory.Instance, time);
        try
        {
            var runtime = (IdentityRuntime)await IdentityRuntime.StartAsync(context, CancellationToken.None);
            return new IdentityTestRuntime(folder, database, runtime, time);
        }
        catch
        {
            // A start refused by the configuration leaves nothing behind.
            await database.DisposeAsync();
            folder.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await database.DisposeAsync();
        folder.Dispose();
    }
}
