using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Tessera.Proxy.Forwarding;

/// <summary>
/// Writes the head of a request for the upstream as Go's reverse proxy sends it: the client's header fields
/// without the hop-by-hop ones (Go's list, and those the client named in <c>Connection</c>), the mutators'
/// fields replacing any of the same name, and <c>Host</c> the upstream's or the client's. Header values are
/// sent as UTF-8, as Kestrel decoded them; a mutator value with a line break or NUL is refused.
/// </summary>
internal static class Http1RequestHead
{
    /// <summary>
    /// The head's bytes in <paramref name="buffer"/> when they fit, else in an array rented from the shared pool
    /// (returned by the caller when <paramref name="rented"/>).
    /// </summary>
    public static ReadOnlyMemory<byte> Write(byte[] buffer, string method, string target, string host, IHeaderDictionary client,
        IReadOnlyDictionary<string, string> mutated, out byte[]? rented)
    {
        // The request line must stay one line of visible ASCII, whatever the path and query hold.
        if (target.Length == 0 || target[0] != '/' || target.AsSpan().IndexOfAnyExceptInRange('!', '~') >= 0)
        {
            throw new FormatException("the path and query for the upstream are not a valid request target");
        }

        var connectionNamed = client.Connection.Count > 0 ? client.Connection.ToString() : null;
        var text = new StringBuilder(256).Append(method).Append(' ').Append(target).Append(" HTTP/1.1\r\nHost: ").Append(host).Append("\r\n");
        foreach (var (name, values) in client)
        {
            if (Skip(name, connectionNamed, mutated) && !IsTeTrailers(name, values))
            {
                continue;
            }

            text.Append(name).Append(": ");
            var separator = name.Equals("Cookie", StringComparison.OrdinalIgnoreCase) ? "; " : ", ";
            for (var i = 0; i < values.Count; i++)
            {
                text.Append(i == 0 ? "" : separator).Append(values[i]);
            }

            text.Append("\r\n");
        }

        foreach (var (name, value) in mutated)
        {
            if (value.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0)
            {
                throw new FormatException($"the value of header \"{name}\" holds a line break");
            }

            text.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        text.Append("\r\n");
        rented = null;
        var length = Encoding.UTF8.GetMaxByteCount(text.Length) <= buffer.Length ? null : (int?)Encoding.UTF8.GetByteCount(text.ToString());
        var into = buffer;
        if (length > buffer.Length)
        {
            into = rented = ArrayPool<byte>.Shared.Rent(length.Value);
        }

        var written = 0;
        foreach (var chunk in text.GetChunks())
        {
            written += Encoding.UTF8.GetBytes(chunk.Span, into.AsSpan(written));
        }

        return into.AsMemory(0, written);
    }

    // "Te: trailers" passes, as in Go.
    private static bool IsTeTrailers(string name, Microsoft.Extensions.Primitives.StringValues values)
        => name.Equals("Te", StringComparison.OrdinalIgnoreCase) && values.Count == 1 && values[0] == "trailers";

    private static bool Skip(string name, string? connectionNamed, IReadOnlyDictionary<string, string> mutated)
    {
        if (name.Equals("Host", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (HopByHopHeaders.Contains(name, connectionNamed))
        {
            return true;
        }

        foreach (var key in mutated.Keys)
        {
            if (name.Equals(key, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
