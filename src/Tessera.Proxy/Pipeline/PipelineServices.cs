using Microsoft.Extensions.Logging;
using Tessera.Platform.Outbound;
using Tessera.Proxy.Pipeline.Credentials;

namespace Tessera.Proxy.Pipeline;

/// <summary>What handlers may use besides their config: the service's outbound client (for the URLs their config names), time and the log.</summary>
internal sealed record PipelineServices(OutboundHttpClient? Outbound, TimeProvider Time, ILogger Logger)
{
    /// <summary>The service's JSON Web Key sets (jwt's <c>jwks_urls</c>, id_token's <c>jwks_url</c>), one cache for all rules.</summary>
    public KeySetResolver? KeySets { get; init; }
}
