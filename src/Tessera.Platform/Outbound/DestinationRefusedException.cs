using System.Net;

namespace Tessera.Platform.Outbound;

/// <summary>Thrown inside the connect step when a host resolves to an internal address; its message is for the log only.</summary>
internal sealed class DestinationRefusedException(string host, IPAddress address, string range)
    : IOException($"{host} resolves to {address}, which is {range}")
{
    public IPAddress Address { get; } = address;
}
