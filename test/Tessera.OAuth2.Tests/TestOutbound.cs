using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Tessera.Platform.Outbound;

namespace Tessera.OAuth2.Tests;

/// <summary>Outbound clients for tests below the service: real sockets, a resolver the test chooses.</summary>
internal static class TestOutbound
{
    /// <summary>Private ranges allowed (Hydra's default): loopback test servers are reachable.</summary>
    public static OutboundHttpClient Open(OutboundNetwork? network = null) => (network ?? OutboundNetwork.System).CreateClient(new OutboundOptions(), NullLogger.Instance);

    /// <summary>Private ranges disallowed, with <paramref name="exceptions"/> exempt and names answered by <paramref name="resolve"/>.</summary>
    public static OutboundHttpClient Guarded(Func<string, CancellationToken, Task<IPAddress[]>> resolve, params string[] exceptions)
        => new OutboundNetwork { Resolve = resolve }.CreateClient(new OutboundOptions { DisallowPrivateRanges = true, ExceptionUrls = exceptions }, NullLogger.Instance);
}
