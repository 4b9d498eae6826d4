using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Tessera.Testing;

namespace Tessera.Proxy.Tests.Pipeline;

/// <summary>
/// A loopback remote (introspection, token endpoint, authorizer, hydrator) that records each request whole (body
/// and form included) and answers with <see cref="Answer"/>, which sees the request and how many came before it.
/// </summary>
internal sealed class ScriptedRemote : IAsyncDisposable
{
    private readonly WebApplication app;
    private int count;

    private ScriptedRemote(WebApplication app, string url)
    {
        this.app = app;
        Url = url;
    }

    public string Url { get; }

    public ConcurrentQueue<Seen> Requests { get; } = new();

    public Func<Seen, int, Reply> Answer { get; set; } = (_, _) => new Reply(200, "{}");

    /// <summary>A port nothing listens on: a remote that is down.</summary>
    public static string DownUrl() => $"http://127.0.0.1:{FreePort.Next()}";

    public static async Task<ScriptedRemote> StartAsync()
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var remote = new ScriptedRemote(app, $"http://127.0.0.1:{port}");
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var form = context.Request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.Ordinal) == true
                ? QueryHelpers.ParseQuery(body).ToDictionary(f => f.Key, f => f.Value.ToString())
                : [];
            var seen = new Seen(context.Request.Method, context.Features.Get<IHttpRequestFeature>()!.RawTarget,
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), body, form);
            remote.Requests.Enqueue(seen);
            var reply = remote.Answer(seen, Interlocked.Increment(ref remote.count) - 1);
            context.Response.StatusCode = reply.Status;
            context.Response.ContentType = reply.ContentType;
            foreach (var (name, value) in reply.Headers ?? [])
            {
                context.Response.Headers[name] = value;
            }

            await context.Response.WriteAsync(reply.Body);
        });
        await app.StartAsync();
        return remote;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    internal sealed record Seen(string Method, string Target, Dictionary<string, string> Headers, string Body, Dictionary<string, string> Form);

    internal sealed record Reply(int Status, string Body, string ContentType = "application/json", Dictionary<string, string>? Headers = null);
}
