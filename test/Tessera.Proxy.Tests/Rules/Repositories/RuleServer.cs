using System.Net;
using System.Text;
using Tessera.Testing;

namespace Tessera.Proxy.Tests.Rules.Repositories;

/// <summary>A loopback HTTP server that serves one rule document with an ETag and answers 304 to a matching If-None-Match; it counts what it answered.</summary>
internal sealed class RuleServer : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly Task loop;
    private int requests;
    private int notModified;

    public RuleServer()
    {
        var port = FreePort.Next();
        Url = $"http://127.0.0.1:{port}/rules.json";
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        loop = Task.Run(ServeAsync);
    }

    public string Url { get; }

    /// <summary>The document served; changing it changes the ETag.</summary>
    public string Document { get; set; } = "[]";

    /// <summary>When set, every request gets this status and no document.</summary>
    public int? FailWith { get; set; }

    public int Requests => Volatile.Read(ref requests);

    public int NotModified => Volatile.Read(ref notModified);

    public void Dispose()
    {
        listener.Stop();
        listener.Close();
        _ = loop;
    }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            Interlocked.Increment(ref requests);
            var document = Document;
            var etag = "\"" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(document)))[..16] + "\"";
            if (FailWith is { } status)
            {
                context.Response.StatusCode = status;
            }
            else if (context.Request.Headers["If-None-Match"] == etag)
            {
                Interlocked.Increment(ref notModified);
                context.Response.StatusCode = 304;
            }
            else
            {
                var body = Encoding.UTF8.GetBytes(document);
                context.Response.Headers["ETag"] = etag;
                context.Response.ContentType = "application/json";
                context.Response.ContentLength64 = body.Length;
                await context.Response.OutputStream.WriteAsync(body);
            }

            context.Response.Close();
        }
    }
}
