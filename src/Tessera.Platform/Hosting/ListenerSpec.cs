using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Platform.Configuration;
using Tessera.Platform.Observability;

namespace Tessera.Platform.Hosting;

/// <summary>Everything needed to run one listener: its options, the service's endpoints, readiness checks and error shape.</summary>
public sealed record ListenerSpec
{
    public required string Service { get; init; }

    public required ListenerOptions Options { get; init; }

    public required ConfigSnapshot Config { get; init; }

    /// <summary>The configuration in force now (changes with hot reload); defaults to <see cref="Config"/>.</summary>
    public Func<ConfigSnapshot>? CurrentConfig { get; init; }

    /// <summary>Shared with the service's other listeners so that a reloaded log.level applies to all.</summary>
    public LogLevelSwitch? LogLevel { get; init; }

    public IReadOnlyList<ReadinessCheck> ReadinessChecks { get; init; } = [];

    /// <summary>Adds the services the listener's endpoints need (gRPC's, say) to its host before it is built.</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }

    /// <summary>Maps the service's own endpoints onto this listener.</summary>
    public Action<IEndpointRouteBuilder>? MapEndpoints { get; init; }

    public ErrorWriter Errors { get; init; } = (context, status, message) => OryError.WriteAsync(context, status, message);

    /// <summary>Largest request body accepted; larger ones get 413. Null: no limit.</summary>
    public long? MaxRequestBodyBytes { get; init; } = 1024 * 1024;
}
