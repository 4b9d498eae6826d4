using System.Buffers.Text;
using System.Text;

namespace Tessera.Proxy.Forwarding;

/// <summary>How the body of an upstream answer ends (RFC 9112 §6.3).</summary>
internal enum BodyFraming
{
    None,
    ContentLength,
    Chunked,
    UntilClose,
}

/// <summary>
/// The status line and header fields of an upstream's HTTP/1.x answer, parsed strictly (RFC 9112): a status
/// line <c>HTTP/1.0</c> or <c>HTTP/1.1</c> with three digits, field names that are tokens, values of visible
/// ASCII, spaces and tabs (what Kestrel can send on), no folded lines, no conflicting lengths. What breaks a
/// rule is refused whole, as a malformed answer (502), never passed on.
/// </summary>
internal sealed class Http1ResponseHead
{
    private Http1ResponseHead(int status, bool keepAlive, List<KeyValuePair<string, string>> fields, string? connection, BodyFraming framing, long? contentLength)
    {
        Status = status;
        KeepAlive = keepAlive;
        Fields = fields;
        Connection = connection;
        Framing = framing;
        ContentLength = contentLength;
    }

    public int Status { get; }

    /// <summary>False when the upstream will close the connection after this answer.</summary>
    public bool KeepAlive { get; }

    /// <summary>The header fields in the order received.</summary>
    public List<KeyValuePair<string, string>> Fields { get; }

    /// <summary>Every <c>Connection</c> field's value, joined by commas; null when there is none.</summary>
    public string? Connection { get; }

    public BodyFraming Framing { get; }

    /// <summary>
    /// The <c>Content-Length</c> the client's answer carries: the body's length for <see cref="BodyFraming.ContentLength"/>,
    /// the declared length of an answer to HEAD or a 304; null for a chunked answer, a 204, or none declared.
    /// </summary>
    public long? ContentLength { get; }

    /// <summary>
    /// Parses a head from the start of <paramref name="data"/>. Returns null when the head is not complete yet
    /// (<paramref name="length"/> 0) and the head with its length in bytes otherwise; throws
    /// <see cref="FormatException"/> for a malformed head. <paramref name="headRequest"/>: the answer to HEAD has no body.
    /// </summary>
    public static Http1ResponseHead? TryParse(ReadOnlySpan<byte> data, bool headRequest, out int length)
    {
        length = 0;
        var end = data.IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            return null;
        }

        length = end + 4;
        var head = data[..(end + 2)];
        var lineEnd = head.IndexOf("\r\n"u8);
        var (status, http10) = StatusLine(head[..lineEnd]);
        head = head[(lineEnd + 2)..];

        var fields = new List<KeyValuePair<string, string>>();
        long? contentLength = null;
        string? transferEncoding = null;
        string? connection = null;
        while (head.Length > 0)
        {
            lineEnd = head.IndexOf("\r\n"u8);
            var line = head[..lineEnd];
            head = head[(lineEnd + 2)..];
            var colon = line.IndexOf((byte)':');
            if (colon <= 0 || !IsToken(line[..colon]))
            {
                throw new FormatException("malformed header field in the upstream's answer");
            }

            var value = line[(colon + 1)..].Trim(" \t"u8);
            if (!IsFieldValue(value))
            {
                throw new FormatException("invalid character in a header value of the upstream's answer");
            }

            var name = HeaderName(line[..colon]);
            var text = Encoding.ASCII.GetString(value);
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                if (!Utf8Parser.TryParse(value, out long parsed, out var used) || used != value.Length || value[0] is (byte)'+' or (byte)'-' || (contentLength is { } earlier && earlier != parsed))
                {
                    throw new FormatException("invalid Content-Length in the upstream's answer");
                }

                contentLength = parsed;
            }
            else if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                transferEncoding = transferEncoding is null ? text : transferEncoding + "," + text;
            }
            else if (name.Equals("Connection", StringComparison.OrdinalIgnoreCase))
            {
                connection = connection is null ? text : connection + "," + text;
            }

            fields.Add(new(name, text));
        }

        // As Go's transport: "chunked" is the one transfer coding understood; any other is refused.
        if (transferEncoding is not null && !IsChunkedOnly(transferEncoding))
        {
            throw new FormatException("unsupported transfer encoding in the upstream's answer: " + transferEncoding);
        }

        var framing = headRequest || status is < 200 or 204 or 304 ? BodyFraming.None
            : transferEncoding is not null ? BodyFraming.Chunked
            : contentLength is not null ? BodyFraming.ContentLength
            : BodyFraming.UntilClose;
        var close = connection is null ? http10
            : HopByHopHeaders.ConnectionHas(connection, "close") || (http10 && !HopByHopHeaders.ConnectionHas(connection, "keep-alive"));
        return new Http1ResponseHead(status, !close && framing != BodyFraming.UntilClose, fields, connection, framing,
            framing == BodyFraming.Chunked || status == 204 ? null : contentLength);
    }

    private static (int Status, bool Http10) StatusLine(ReadOnlySpan<byte> line)
    {
        // "HTTP/1.1 200 OK": the reason phrase may be empty, the space before it may not be missing (RFC 9112 §4).
        if (line.Length < 12 || !line.StartsWith("HTTP/1."u8) || line[7] is not ((byte)'0' or (byte)'1') || line[8] != ' ' || line[12..].Length > 0 && line[12] != ' '
            || !char.IsAsciiDigit((char)line[9]) || !char.IsAsciiDigit((char)line[10]) || !char.IsAsciiDigit((char)line[11]) || line[9] == '0')
        {
            throw new FormatException("malformed status line in the upstream's answer");
        }

        return ((line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0'), line[7] == '0');
    }

    private static bool IsChunkedOnly(string codings)
    {
        var chunked = 0;
        foreach (var range in codings.AsSpan().Split(','))
        {
            var coding = codings.AsSpan()[range].Trim(" \t");
            if (coding.Length == 0)
            {
                continue;
            }

            if (!coding.Equals("chunked", StringComparison.OrdinalIgnoreCase) || ++chunked > 1)
            {
                return false;
            }
        }

        return chunked == 1;
    }

    private static bool IsFieldValue(ReadOnlySpan<byte> value)
    {
        foreach (var c in value)
        {
            if (c is (< 0x20 and not (byte)'\t') or > 0x7e)
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsToken(ReadOnlySpan<byte> name)
    {
        foreach (var c in name)
        {
            if (c > 0x7e || c <= 0x20 || "\"(),/:;<=>?@[\\]{}"u8.Contains(c))
            {
                return false;
            }
        }

        return true;
    }

    // The fields nearly every answer has, so their names are not allocated again for each answer.
    private static string HeaderName(ReadOnlySpan<byte> name) => name switch
    {
        _ when name.SequenceEqual("Content-Type"u8) => "Content-Type",
        _ when name.SequenceEqual("Content-Length"u8) => "Content-Length",
        _ when name.SequenceEqual("Date"u8) => "Date",
        _ when name.SequenceEqual("Server"u8) => "Server",
        _ when name.SequenceEqual("Connection"u8) => "Connection",
        _ when name.SequenceEqual("Cache-Control"u8) => "Cache-Control",
        _ when name.SequenceEqual("Transfer-Encoding"u8) => "Transfer-Encoding",
        _ => Encoding.ASCII.GetString(name),
    };
}
