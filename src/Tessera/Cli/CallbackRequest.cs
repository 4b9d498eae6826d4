using System.Collections.Specialized;
using System.Net.Sockets;
using System.Text;

namespace Tessera.Cli;

/// <summary>One browser request to the <see cref="CallbackListener"/>: its path and query, answered once.</summary>
internal sealed class CallbackRequest(TcpClient connection, string path, NameValueCollection query) : IDisposable
{
    public string Path { get; } = path;

    public NameValueCollection Query { get; } = query;

    public Task RespondAsync(int status, string html, CancellationToken ct) => WriteAsync(status, html, null, ct);

    public Task RedirectAsync(string location, CancellationToken ct) => WriteAsync(302, "", location, ct);

    private async Task WriteAsync(int status, string html, string? location, CancellationToken ct)
    {
        var body = Encoding.UTF8.GetBytes(html);
        var head = new StringBuilder()
            .Append("HTTP/1.1 ").Append(status).Append(status switch { 200 => " OK", 302 => " Found", 400 => " Bad Request", 404 => " Not Found", _ => " Error" }).Append("\r\n")
            .Append("Content-Type: text/html; charset=utf-8\r\n")
            .Append("Cache-Control: no-store\r\n")
            .Append("Connection: close\r\n")
            .Append("Content-Length: ").Append(body.Length).Append("\r\n");
        if (location is not null)
        {
            head.Append("Location: ").Append(location).Append("\r\n");
        }

        head.Append("\r\n");
        var stream = connection.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), ct);
        await stream.WriteAsync(body, ct);
        await stream.FlushAsync(ct);
    }

    public void Dispose() => connection.Dispose();
}
