using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Platform.Hosting;

namespace Tessera.Platform.Services;

/// <summary>A started service: it maps its endpoints onto each of its listeners and names each listener's error shape.</summary>
public interface IServiceInstance
{
    void MapEndpoints(string listener, IEndpointRouteBuilder routes);

    /// <summary>Adds what the listener's endpoints need to its host's services (called before <see cref="MapEndpoints"/>).</summary>
    void ConfigureServices(string listener, IServiceCollection services)
    {
    }

    /// <summary>The listener's error shape; null means Ory's generic <c>{"error": {...}}</c>.</summary>
    ErrorWriter? ErrorWriter(string listener);

    /// <summary>What must hold, besides the platform's own checks, before <c>/health/ready</c> answers 200 on every listener.</summary>
    IReadOnlyList<ReadinessCheck> ReadinessChecks => [];
}
