namespace Tessera.Proxy.Forwarding;

/// <summary>The header fields that belong to one connection and are not forwarded either way: net/http/httputil's <c>hopHeaders</c>.</summary>
internal static class HopByHopHeaders
{
    private static readonly string[] Names =
        ["Connection", "Proxy-Connection", "Keep-Alive", "Proxy-Authenticate", "Proxy-Authorization", "Te", "Trailer", "Transfer-Encoding", "Upgrade"];

    public static bool Contains(string name)
    {
        foreach (var hop in Names)
        {
            if (name.Equals(hop, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
