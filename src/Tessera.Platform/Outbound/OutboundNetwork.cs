using System.Net;
using System.Net.Security;
using Microsoft.Extensions.Logging;

namespace Tessera.Platform.Outbound;

/// <summary>
/// How this process reaches other machines: the name resolver every outbound client uses, checked
/// and connected with. The platform gives each service one (<c>ServiceContext.Outbound</c>); a
/// service makes its client from it with its own <see cref="OutboundOptions"/>. Tests give one whose
/// resolver answers what they need (a name that turns inward between two calls).
/// </summary>
internal sealed class OutboundNetwork
{
    public static OutboundNetwork System { get; } = new();

    /// <summary>Resolves a host name to the addresses to check and connect to.</summary>
    public Func<string, CancellationToken, Task<IPAddress[]>> Resolve { get; init; } = Dns.GetHostAddressesAsync;

    /// <summary>For tests that serve https with a throwaway certificate; null (always, outside tests) checks certificates as usual.</summary>
    public RemoteCertificateValidationCallback? CertificateValidation { get; init; }

    public OutboundHttpClient CreateClient(OutboundOptions options, ILogger logger) => new(options, this, logger);
}
