using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Tessera.Testing;

namespace Tessera.Proxy.Tests.Pipeline.Authenticators;

/// <summary>A loopback remote (session store, introspection, token endpoint) that records every request and answers with <see cref="Answer"/>.</summary>
internal sealed class FakeRemote : IAsyncDisposable
{
    private readonly WebApplication app;

    private FakeRemote(WebApplication app, string url)
    {
        this.app = app;
        Url = url;
    }

    public string Url { get; }

    public ConcurrentQueue<Seen> Requests { get; } = new();

    /// <summary>What to answer a request: status and JSON body.</summary>
    public Func<Seen, (int Status, string Body)> Answer { get; set; } = _ => (200, "{}");

    public static async Task<FakeRemote> StartAsync()
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var remote = new FakeRemote(app, $"http://127.0.0.1:{port}");
        app.Run(async context =>
        {
            var form = context.Request.HasFormContentType ? (await context.Request.ReadFormAsync()).ToDictionary(f => f.Key, f => f.Value.ToString()) : [];
            var seen = new Seen(context.Request.Method, context.Features.Get<IHttpRequestFeature>()!.RawTarget,
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), form);
            remote.Requests.Enqueue(seen);
            var (status, body) = remote.Answer(seen);
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(body);
        });
        await app.StartAsync();
        return remote;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    internal sealed record Seen(string Method, string Target, Dictionary<string, string> Headers, Dictionary<string, string> Form);
}
