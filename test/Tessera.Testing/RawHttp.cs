using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Tessera.Testing;

/// <summary>Sends bytes as written (broken framing included) and reads the answer until the server closes.</summary>
public static class RawHttp
{
    /// <summary>The whole answer as text; send <c>Connection: close</c> so that the server ends it.</summary>
    public static async Task<string> SendAsync(int port, params byte[][] parts)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        var stream = tcp.GetStream();
        foreach (var part in parts)
        {
            await stream.WriteAsync(part);
            await stream.FlushAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var answer = new MemoryStream();
        await stream.CopyToAsync(answer, timeout.Token);
        return Encoding.UTF8.GetString(answer.ToArray());
    }

    public static Task<string> SendAsync(int port, string request) => SendAsync(port, Encoding.UTF8.GetBytes(request));

    /// <summary>The body after the head of <paramref name="answer"/>.</summary>
    public static string Body(string answer) => answer[(answer.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];

    /// <summary>The value of header <paramref name="name"/> in <paramref name="answer"/>, or null.</summary>
    public static string? Header(string answer, string name)
    {
        foreach (var line in answer[..answer.IndexOf("\r\n\r\n", StringComparison.Ordinal)].Split("\r\n"))
        {
            if (line.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase))
            {
                return line[(name.Length + 1)..].Trim();
            }
        }

        return null;
    }
}
