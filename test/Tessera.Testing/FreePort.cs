using System.Net;
using System.Net.Sockets;

namespace Tessera.Testing;

/// <summary>
/// A loopback port nothing listens on, for a server a test is about to start. Taken from below Linux's
/// ephemeral range (32768-60999): a port the kernel picks there can become the source port of an
/// outgoing connection before the server binds it. Never the same port twice in one process.
/// </summary>
public static class FreePort
{
    private static readonly HashSet<int> HandedOut = [];

    public static int Next()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Random.Shared.Next(20000, 32000);
            lock (HandedOut)
            {
                if (!HandedOut.Add(port))
                {
                    continue;
                }
            }

            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // taken; try another
            }
        }

        throw new InvalidOperationException("No free loopback port between 20000 and 32000.");
    }
}
