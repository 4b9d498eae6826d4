using Grpc.Core;
using Tessera.Proxy.ExtAuthz.Envoy;

namespace Tessera.Proxy.ExtAuthz;

/// <summary>Envoy's <c>envoy.service.auth.v3.Authorization</c> gRPC service, answered by <see cref="ExtAuthzCheck"/>.</summary>
internal sealed class AuthorizationService(ExtAuthzCheck check) : Authorization.AuthorizationBase
{
    public override Task<CheckResponse> Check(CheckRequest request, ServerCallContext context)
        => check.CheckAsync(request, context.CancellationToken);
}
