using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Tessera.Platform.Tests.Outbound;

/// <summary>A real HTTP peer on loopback for the outbound client to call; counts TCP connections and requests.</summary>
internal sealed class OutboundPeer : IAsyncDisposable
{
    public const int BigBytes = 64 * 1024;

    private WebApplication? app;
    private int connections;
    private int requests;
    private int okRequests;

    /// <summary>TCP connections accepted, counted before any byte is read.</summary>
    public int Connections => Volatile.Read(ref connections);

    public int Requests => Volatile.Read(ref requests);

    /// <summary>Requests that reached /ok.</summary>
    public int OkRequests => Volatile.Read(ref okRequests);

    public int Port { get; private set; }

    /// <summary>The Cookie header of the last request, if any.</summary>
    public string? LastCookie { get; private set; }

    public string Url(string path) => $"http://127.0.0.1:{Port}{path}";

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0, listen => listen.Use(next => context =>
        {
            Interlocked.Increment(ref connections);
            return next(context);
        })));
        app = builder.Build();
        app.Use(async (context, next) =>
        {
            Interlocked.Increment(ref requests);
            LastCookie = context.Request.Headers.Cookie.Count > 0 ? context.Request.Headers.Cookie.ToString() : null;
            await next(context);
        });
        app.MapGet("/ok", (HttpContext context) =>
        {
            Interlocked.Increment(ref okRequests);
            context.Response.Headers.SetCookie = "peer=remembered; Path=/";
            return Results.Text("ok", "text/plain");
        });
        app.MapGet("/redirect", () => Results.Redirect("/ok"));
        app.MapGet("/missing", () => Results.Text("secret internal detail", "text/plain", statusCode: 404));
        app.MapGet("/big", () => Results.Text(new string('x', BigBytes), "text/plain"));
        app.MapGet("/big-chunked", async (HttpContext context) =>
        {
            var chunk = new byte[4096];
            for (var i = 0; i < BigBytes / chunk.Length; i++)
            {
                await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }
        });
        app.MapGet("/slow", async (HttpContext context) =>
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
            }
        });
        await app.StartAsync();
        Port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
