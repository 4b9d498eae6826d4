using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tessera.Platform.Observability;

namespace Tessera.Platform.Hosting;

/// <summary><c>/health/alive</c>, <c>/health/ready</c> on every listener; <c>/version</c> on admin listeners.</summary>
internal static class HealthEndpoints
{
    public const string AlivePath = "/health/alive";
    public const string ReadyPath = "/health/ready";

    private static readonly byte[] StatusOk = """{"status":"ok"}"""u8.ToArray();

    public static bool IsHealthPath(PathString path) => path == AlivePath || path == ReadyPath;

    public static void Map(IEndpointRouteBuilder routes, IReadOnlyList<ReadinessCheck> checks, bool isAdmin, DrainState drain)
    {
        var all = checks.Append(new ReadinessCheck("shutdown", _ => Task.FromResult(!drain.Draining))).ToList();
        routes.MapGet(AlivePath, static context => WriteStatusOk(context));
        routes.MapGet(ReadyPath, context => Ready(context, all));
        if (isAdmin)
        {
            routes.MapGet("/version", static async context =>
            {
                context.Response.ContentType = "application/json; charset=utf-8";
                await using var body = JsonResponseWriter.Start(context.Response);
                var writer = body.Json;
                writer.WriteStartObject();
                writer.WriteString("version", VersionInfo.Current.Version);
                writer.WriteEndObject();
            });
        }
    }

    private static async Task WriteStatusOk(HttpContext context)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.ContentLength = StatusOk.Length;
        await context.Response.Body.WriteAsync(StatusOk, context.RequestAborted);
    }

    private static async Task Ready(HttpContext context, IReadOnlyList<ReadinessCheck> checks)
    {
        var failed = new List<ReadinessCheck>();
        foreach (var check in checks)
        {
            bool ready;
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
                timeout.CancelAfter(TimeSpan.FromSeconds(5));
                ready = await check.IsReady(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                ready = false;
            }

            if (!ready)
            {
                failed.Add(check);
            }
        }

        if (failed.Count == 0)
        {
            await WriteStatusOk(context);
            return;
        }

        // Hydra's shape: {"errors": {"<check>": "<message>"}}.
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.ContentType = "application/json; charset=utf-8";
        await using var body = JsonResponseWriter.Start(context.Response);
        var writer = body.Json;
        writer.WriteStartObject();
        writer.WriteStartObject("errors");
        foreach (var check in failed)
        {
            writer.WriteString(check.Name, check.Reason?.Invoke() ?? $"{check.Name} is not ready");
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
