using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Tessera.OAuth2.Tests.Protocol.Hooks;

/// <summary>A local Kestrel standing in for a token hook: records what it is sent, answers as told.</summary>
internal sealed class TokenHookServer : IAsyncDisposable
{
    private WebApplication? app;

    public string Url { get; private set; } = "";

    public int Status { get; set; } = 204;

    public string Answer { get; set; } = "";

    public JsonObject? LastBody { get; private set; }

    public IReadOnlyDictionary<string, string>? LastHeaders { get; private set; }

    public int Calls { get; private set; }

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, 0));
        app = builder.Build();
        app.MapPost("/hook", async (HttpContext context) =>
        {
            Calls++;
            LastHeaders = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            LastBody = await JsonNode.ParseAsync(context.Request.Body) as JsonObject;
            context.Response.StatusCode = Status;
            if (Answer.Length > 0)
            {
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(Answer);
            }
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Url = address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/hook";
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
