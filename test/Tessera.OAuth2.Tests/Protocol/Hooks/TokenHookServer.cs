using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

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
        (app, var baseUrl) = await LoopbackWebApp.StartAsync(web => web.MapPost("/hook", async (HttpContext context) =>
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
        }));
        Url = baseUrl + "/hook";
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
