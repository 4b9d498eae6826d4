namespace Tessera.Proxy.Forwarding;

/// <summary>
/// The header fields that belong to one connection and are not forwarded either way: net/http/httputil's
/// <c>hopHeaders</c>, and those a message names in its <c>Connection</c> field (RFC 9110 §7.6.1).
/// </summary>
internal static class HopByHopHeaders
{
    private static readonly string[] Names =
        ["Connection", "Proxy-Connection", "Keep-Alive", "Proxy-Authenticate", "Proxy-Authorization", "Te", "Trailer", "Transfer-Encoding", "Upgrade"];

    /// <summary>Whether <paramref name="name"/> is hop-by-hop in a message whose <c>Connection</c> field is <paramref name="connection"/> (null: none).</summary>
    public static bool Contains(string name, string? connection)
        => Contains(name) || (connection is not null && ConnectionHas(connection, name));

    /// <summary>Whether the comma-separated <c>Connection</c> value <paramref name="connection"/> holds <paramref name="token"/> (ignoring case).</summary>
    public static bool ConnectionHas(string connection, string token)
    {
        foreach (var range in connection.AsSpan().Split(','))
        {
            if (connection.AsSpan()[range].Trim(" \t").Equals(token, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Contains(string name)
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
