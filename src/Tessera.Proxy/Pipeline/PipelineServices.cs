using Microsoft.Extensions.Logging;
using Tessera.Platform.Outbound;

namespace Tessera.Proxy.Pipeline;

/// <summary>What handlers may use besides their config: the service's outbound client (for the URLs their config names), time and the log.</summary>
internal sealed record PipelineServices(OutboundHttpClient? Outbound, TimeProvider Time, ILogger Logger);
