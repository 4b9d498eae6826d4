using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Web;

namespace Tessera.Cli;

/// <summary>
/// The loopback HTTP endpoint that receives the browser's redirect in <c>perform authorization-code</c>.
/// It reads just a request line and headers (GET only), which is all a redirect carries.
/// </summary>
internal sealed class CallbackListener : IDisposable
{
    private const int MaxHeaderBytes = 16 * 1024;
    private readonly TcpListener listener;

    private CallbackListener(TcpListener listener)
    {
        this.listener = listener;
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    public static CallbackListener Start(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        try
        {
            listener.Start();
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            throw new CliException($"port {port} is in use; pass another with --port.", 2);
        }

        return new CallbackListener(listener);
    }

    /// <summary>The next well-formed request; malformed ones are answered 400 and skipped.</summary>
    public async Task<CallbackRequest> NextAsync(CancellationToken ct)
    {
        while (true)
        {
            var connection = await listener.AcceptTcpClientAsync(ct);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            string? target;
            try
            {
                target = await ReadTargetAsync(connection.GetStream(), timeout.Token);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException && !ct.IsCancellationRequested)
            {
                connection.Dispose();
                continue;
            }

            if (target is null)
            {
                using var bad = new CallbackRequest(connection, "", []);
                await bad.RespondAsync(400, "Bad request.", ct);
                continue;
            }

            var query = target.IndexOf('?', StringComparison.Ordinal);
            return new CallbackRequest(
                connection,
                query < 0 ? target : target[..query],
                HttpUtility.ParseQueryString(query < 0 ? "" : target[(query + 1)..]));
        }
    }

    /// <summary>The request target of a GET, or null when the request is not one.</summary>
    private static async Task<string?> ReadTargetAsync(NetworkStream stream, CancellationToken ct)
    {
        var buffer = new byte[MaxHeaderBytes];
        var length = 0;
        while (length < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(length), ct);
            if (read == 0)
            {
                break;
            }

            length += read;
            if (buffer.AsSpan(0, length).IndexOf("\r\n\r\n"u8) >= 0)
            {
                break;
            }
        }

        var text = Encoding.ASCII.GetString(buffer, 0, length);
        var line = text.Split("\r\n", 2)[0].Split(' ');
        return line.Length == 3 && line[0] == "GET" && line[1].StartsWith('/') && line[2].StartsWith("HTTP/1.", StringComparison.Ordinal) ? line[1] : null;
    }

    public void Dispose() => listener.Stop();
}
