using System.Net;
using System.Net.Sockets;

namespace Tessera.Testing;

/// <summary>Finds a free TCP port on loopback by binding to port 0 and releasing it.</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
