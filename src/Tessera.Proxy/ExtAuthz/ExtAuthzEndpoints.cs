using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Tessera.Proxy.ExtAuthz;

/// <summary>The ext_authz listener's gRPC service (Grpc.AspNetCore); everything else on it is the platform's health endpoints.</summary>
internal static class ExtAuthzEndpoints
{
    public static void ConfigureServices(IServiceCollection services, ExtAuthzCheck check)
    {
        services.AddGrpc();
        services.AddSingleton(new AuthorizationService(check));
    }

    public static void Map(IEndpointRouteBuilder routes) => routes.MapGrpcService<AuthorizationService>();
}
