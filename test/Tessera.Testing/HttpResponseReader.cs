using System.Globalization;
using System.Text;

namespace Tessera.Testing;

/// <summary>
/// Reads HTTP/1.1 responses (Content-Length or chunked bodies) off one raw connection, one after
/// another. The end of the stream before a complete response is an <see cref="IOException"/>.
/// </summary>
public sealed class HttpResponseReader(Stream stream)
{
    private readonly byte[] buffer = new byte[64 * 1024];
    private int start;
    private int end;

    /// <summary>A response: its status, whether it said <c>Connection: close</c>, and the first 200 characters of its body.</summary>
    public readonly record struct Response(int Status, bool Close, string BodyStart);

    public async Task<Response> ReadAsync(CancellationToken ct = default)
    {
        var head = await ReadHeadAsync(ct);
        var lines = head.Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture);
        var close = false;
        var chunked = false;
        long length = 0;
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (name.Equals("Connection", StringComparison.OrdinalIgnoreCase))
            {
                close = value.Contains("close", StringComparison.OrdinalIgnoreCase);
            }
            else if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                length = long.Parse(value, CultureInfo.InvariantCulture);
            }
            else if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                chunked = value.Contains("chunked", StringComparison.OrdinalIgnoreCase);
            }
        }

        var body = new StringBuilder();
        if (chunked)
        {
            while (true)
            {
                var size = Convert.ToInt64((await ReadLineAsync(ct)).Split(';')[0], 16);
                await ReadBodyAsync(size, body, ct);
                await ReadLineAsync(ct);
                if (size == 0)
                {
                    break;
                }
            }
        }
        else
        {
            await ReadBodyAsync(length, body, ct);
        }

        return new Response(status, close, body.ToString(0, Math.Min(body.Length, 200)));
    }

    private async Task<string> ReadHeadAsync(CancellationToken ct)
    {
        while (true)
        {
            var at = buffer.AsSpan(start, end - start).IndexOf("\r\n\r\n"u8);
            if (at >= 0)
            {
                var head = Encoding.ASCII.GetString(buffer, start, at);
                start += at + 4;
                return head;
            }

            await FillAsync(ct);
        }
    }

    private async Task<string> ReadLineAsync(CancellationToken ct)
    {
        while (true)
        {
            var at = buffer.AsSpan(start, end - start).IndexOf("\r\n"u8);
            if (at >= 0)
            {
                var line = Encoding.ASCII.GetString(buffer, start, at);
                start += at + 2;
                return line;
            }

            await FillAsync(ct);
        }
    }

    private async Task ReadBodyAsync(long length, StringBuilder body, CancellationToken ct)
    {
        while (length > 0)
        {
            if (start == end)
            {
                await FillAsync(ct);
            }

            var take = (int)Math.Min(length, end - start);
            if (body.Length < 200)
            {
                body.Append(Encoding.UTF8.GetString(buffer, start, take));
            }

            start += take;
            length -= take;
        }
    }

    /// <summary>Reads more; the end of the stream before a complete response is an <see cref="IOException"/>.</summary>
    private async Task FillAsync(CancellationToken ct)
    {
        if (start > 0)
        {
            Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
        }

        if (end == buffer.Length)
        {
            throw new IOException("A response head larger than the read buffer.");
        }

        var read = await stream.ReadAsync(buffer.AsMemory(end), ct);
        if (read == 0)
        {
            throw new IOException("The server closed the connection before a complete response.");
        }

        end += read;
    }
}
