using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tessera.Platform.Jose;

namespace Tessera.Testing;

/// <summary>A local Kestrel (free loopback port) serving a key set at /jwks and broken answers, counting requests.</summary>
public sealed class JwksServer : IAsyncDisposable
{
    private WebApplication? app;
    private string baseUrl = "";
    private int hits;

    public IReadOnlyList<JsonObject> Keys { get; set; } = [];

    /// <summary>How long /jwks waits before answering.</summary>
    public TimeSpan Delay { get; set; }

    public int Hits => Volatile.Read(ref hits);

    public string Url(string path) => baseUrl + path;

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        app = builder.Build();
        Map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        baseUrl = address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal);
    }

    private void Map(WebApplication web)
    {
        web.Use(async (context, next) =>
        {
            Interlocked.Increment(ref hits);
            await next(context);
        });
        web.MapGet("/jwks", async (HttpContext context) =>
        {
            if (Delay > TimeSpan.Zero)
            {
                await Task.Delay(Delay, context.RequestAborted);
            }

            return Results.Text(new JsonObject { ["keys"] = new JsonArray(Keys.Select(k => (JsonNode?)k.DeepClone()).ToArray()) }.ToJsonString(), "application/json");
        });
        web.MapGet("/text", () => Results.Text("hello", "text/plain"));
        web.MapGet("/array", () => Results.Text("[1,2,3]", "application/json"));
        web.MapGet("/surrogate", () => Results.Text("{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"\\ud800\"}]}", "application/json"));
        web.MapGet("/duplicate", () => Results.Text("{\"keys\":[],\"keys\":[]}", "application/json"));
        web.MapGet("/big", () => Results.Text("{\"keys\":[],\"pad\":\"" + new string('x', RemoteKeySetFetcher.MaxBytes) + "\"}", "application/json"));
        web.MapGet("/big-chunked", async (HttpContext context) =>
        {
            context.Response.ContentType = "application/json";
            var chunk = new byte[64 * 1024];
            Array.Fill(chunk, (byte)' ');
            for (var i = 0; i < 20; i++)
            {
                await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }
        });
        web.MapGet("/slow", async (HttpContext context) =>
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
            }
        });
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
