using System.Reflection;
using Tessera.Platform.Observability;
using Tessera.Platform.Persistence;

namespace Tessera.Platform.Services;

/// <summary>
/// What the platform needs to know about a service to configure, migrate and serve it: its name,
/// the assembly that embeds its config schema (<c>config.schema.json</c>) and migrations, and its
/// listeners. A new service is added by writing one of these, never by editing the platform.
/// </summary>
public sealed record ServiceDescriptor(string Name, Assembly Assembly, IReadOnlyList<ListenerDescriptor> Listeners, bool UsesDatabase)
{
    public const string ConfigSchemaResource = "config.schema.json";

    /// <summary>
    /// Prepares the service once its config and database are ready (create missing keys, build its
    /// stores); null serves the platform endpoints only.
    /// </summary>
    public Func<ServiceContext, CancellationToken, Task<IServiceInstance>>? Start { get; init; }

    /// <summary>
    /// Whether a listener without TLS refuses to start unless <c>--dev</c> or
    /// <c>--dangerous-force-http</c> is given (Hydra's rule). Kratos and Oathkeeper serve plain HTTP.
    /// </summary>
    public bool RefusesPlainHttp { get; init; }

    /// <summary>The log event ids this service's assembly may use.</summary>
    public required EventIdRange EventIds { get; init; }

    /// <summary>The listener named <paramref name="name"/>.</summary>
    public ListenerDescriptor Listener(string name)
        => Listeners.FirstOrDefault(l => l.Name == name) ?? throw new ArgumentException($"{Name} has no listener '{name}'.", nameof(name));

    /// <summary>
    /// The service embeds migrations for a database it does not open itself at start (the proxy's SQL
    /// rule repositories): <c>migrate sql --service &lt;name&gt;</c> applies them; <c>migrate sql</c>
    /// without <c>--service</c> and <c>serve</c> leave them alone.
    /// </summary>
    public bool MigratesOnRequest { get; init; }

    /// <summary>The service's embedded migrations; null when it keeps no state in a database.</summary>
    public MigrationSet? Migrations => UsesDatabase || MigratesOnRequest ? MigrationSet.FromAssembly(Assembly, Name) : null;

    /// <summary>The service's embedded JSON Schema of its configuration, as text.</summary>
    public string ReadConfigSchema()
    {
        using var stream = Assembly.GetManifestResourceStream(ConfigSchemaResource)
            ?? throw new InvalidOperationException($"{Assembly.GetName().Name} embeds no {ConfigSchemaResource}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
