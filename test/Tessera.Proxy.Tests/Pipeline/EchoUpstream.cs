using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Tessera.Testing;

namespace Tessera.Proxy.Tests.Pipeline;

/// <summary>A loopback upstream (Kestrel): GET answers what it received as JSON (method, target, Host, headers); POST /stream echoes the body as it arrives; /silent answers nothing for a minute; /ws is a WebSocket echo.</summary>
internal sealed class EchoUpstream : IAsyncDisposable
{
    private readonly WebApplication app;

    private EchoUpstream(WebApplication app, string url)
    {
        this.app = app;
        Url = url;
    }

    public string Url { get; }

    public static async Task<EchoUpstream> StartAsync()
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        app.UseWebSockets();
        app.MapGet("/silent/{**rest}", async context =>
        {
            // Answers nothing for a minute (or until the caller gives up).
            await Task.Delay(TimeSpan.FromMinutes(1), context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        });
        app.Map("/ws/{**rest}", async context =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = 400;
                return;
            }

            // Echoes each message with the Authorization header the upgrade request carried, until the client closes.
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            var prefix = System.Text.Encoding.UTF8.GetBytes(context.Request.Headers.Authorization.ToString() + ":");
            var buffer = new byte[4096];
            while (true)
            {
                var received = await socket.ReceiveAsync(buffer, CancellationToken.None);
                if (received.MessageType == System.Net.WebSockets.WebSocketMessageType.Close)
                {
                    await socket.CloseAsync(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
                    return;
                }

                await socket.SendAsync(prefix.Concat(buffer.Take(received.Count)).ToArray(), received.MessageType, true, CancellationToken.None);
            }
        });
        app.MapPost("/stream/{**rest}", async context =>
        {
            context.Response.ContentType = "application/octet-stream";
            await context.Response.StartAsync();
            var buffer = new byte[4096];
            int read;
            while ((read = await context.Request.Body.ReadAsync(buffer)) > 0)
            {
                await context.Response.Body.WriteAsync(buffer.AsMemory(0, read));
                await context.Response.Body.FlushAsync();
            }
        });
        app.Map("/{**rest}", async context =>
        {
            var echo = new Dictionary<string, string>
            {
                ["method"] = context.Request.Method,
                ["target"] = context.Features.Get<IHttpRequestFeature>()!.RawTarget,
                ["host"] = context.Request.Host.Value ?? "",
            };
            foreach (var (name, value) in context.Request.Headers)
            {
                echo["h:" + name.ToLowerInvariant()] = value.ToString();
            }

            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(JsonSerializer.Serialize(echo, EchoJson.Default.DictionaryStringString));
        });
        await app.StartAsync();
        return new EchoUpstream(app, $"http://127.0.0.1:{port}");
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class EchoJson : System.Text.Json.Serialization.JsonSerializerContext;
