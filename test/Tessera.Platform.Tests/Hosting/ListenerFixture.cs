using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging.Abstractions;
using Tessera.Platform.Configuration;
using Tessera.Platform.Hosting;
using Tessera.Platform.Services;
using Tessera.Testing;

namespace Tessera.Platform.Tests.Hosting;

/// <summary>Starts a real listener on loopback from a Hydra-shaped config, with a few test endpoints.</summary>
internal static class ListenerFixture
{
    private static readonly ConfigSchema Schema = ConfigSchema.FromEmbeddedResource(typeof(Tessera.OAuth2.OAuth2Service).Assembly, "config.schema.json");

    public static ConfigSnapshot Config(string yaml, TempFolder folder)
    {
        var file = folder.File("config.yaml");
        File.WriteAllText(file, yaml);
        return ConfigLoader.Load(Schema, new ConfigSources { Files = [file], Overrides = new Dictionary<string, string> { ["log.level"] = "error" } });
    }

    /// <param name="shutdownTimeout">The runner's serve.shutdown.timeout; 2 s unless given, because most tests
    /// stop while their HttpClient holds an idle keep-alive connection, which the stop waits for for half of it.</param>
    public static async Task<ServiceRunner> StartAsync(ConfigSnapshot config, string listener = "public", bool admin = false, IReadOnlyList<ReadinessCheck>? checks = null, ErrorWriter? errors = null, TimeSpan? shutdownTimeout = null)
    {
        var options = ListenerOptionsReader.Read(config, new ListenerDescriptor(listener, 0, admin));
        var spec = new ListenerSpec
        {
            Service = "test",
            Options = options,
            Config = config,
            ReadinessChecks = checks ?? [],
            MapEndpoints = MapTestEndpoints,
        };
        var host = ListenerHost.Create(errors is null ? spec : spec with { Errors = errors });
        var runner = new ServiceRunner([host], shutdownTimeout ?? TimeSpan.FromSeconds(2), NullLogger.Instance);
        await runner.StartAsync(CancellationToken.None);
        return runner;
    }

    private static void MapTestEndpoints(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/slow", static async context =>
        {
            await Task.Delay(700);
            await context.Response.WriteAsync("slow done");
        });
        routes.MapGet("/fast", static context => context.Response.WriteAsync("fast"));
        routes.MapPost("/form", static async context =>
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            await context.Response.WriteAsync($"{form.Count} fields");
        });
        routes.MapPost("/urlencoded", static async context =>
        {
            var pairs = await UrlEncodedForm.ReadAsync(context.Request, context.RequestAborted);
            await context.Response.WriteAsync(string.Join('&', pairs.Select(pair => pair.Key + ":" + pair.Value)));
        });
        routes.MapPost("/json", static async context =>
        {
            var body = await JsonRequestBody.ReadAsync(context.Request, context.RequestAborted);
            await context.Response.WriteAsync(body.Problem is { } problem ? "problem: " + problem : body.Empty ? "empty" : body.Value?.ToJsonString() ?? "null");
        });
        routes.MapPost("/echo", static async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            await context.Response.WriteAsync($"{body.Length} bytes");
        });
    }
}
