using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Tessera.Platform.Observability;

namespace Tessera.Platform.Hosting;

/// <summary>
/// The outermost middleware of every listener: request id, one log line and metrics per request,
/// <c>Connection: close</c> while draining, and the edge where hostile input that ASP.NET Core's
/// readers throw on becomes a 400/413 in the listener's error shape instead of a 500.
/// </summary>
internal static class RequestPipeline
{
    public const string RequestIdHeader = "X-Request-Id";

    public static void Use(IApplicationBuilder app, ListenerOptions listener, DrainState drain, ErrorWriter errors, ILogger logger)
    {
        app.Use(async (context, next) =>
        {
            var started = Stopwatch.GetTimestamp();
            var requestId = context.Request.Headers[RequestIdHeader].ToString();
            if (requestId.Length is 0 or > 128)
            {
                requestId = RequestIds.Next();
            }

            context.TraceIdentifier = requestId;
            context.Response.OnStarting(() =>
            {
                context.Response.Headers[RequestIdHeader] = requestId;
                if (drain.Draining)
                {
                    context.Response.Headers.Connection = "close";
                }

                return Task.CompletedTask;
            });

            try
            {
                await next(context);
            }
            catch (Exception e) when (EdgeError(e) is { } edge && !context.Response.HasStarted)
            {
                HostingLog.BadRequest(logger, edge.Message);
                context.Response.Clear();
                await errors(context, edge.Status, edge.Message);
            }
            catch (Exception e) when (e is not OperationCanceledException && !context.Response.HasStarted)
            {
                HostingLog.UnhandledError(logger, e, context.Request.Method, context.Request.Path, requestId);
                context.Response.Clear();
                await errors(context, StatusCodes.Status500InternalServerError, "The server failed to answer this request; the log has the details.");
            }
            finally
            {
                var elapsed = Stopwatch.GetElapsedTime(started);
                var status = context.Response.StatusCode;
                var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "unmatched";
                RequestMetrics.Observe(listener.Name, route, context.Request.Method, status, elapsed);
                if (!(listener.DisableHealthRequestLog && HealthEndpoints.IsHealthPath(context.Request.Path)) && logger.IsEnabled(LogLevel.Information))
                {
                    // The path only: query strings carry codes and tokens.
                    HostingLog.Request(logger, context.Request.Method, context.Request.Path.Value ?? "/", status, elapsed.TotalMilliseconds, requestId, listener.Name);
                }
            }
        });
    }

    /// <summary>The status and message for exceptions that mean the client sent something unacceptable.</summary>
    private static (int Status, string Message)? EdgeError(Exception e) => e switch
    {
        BadHttpRequestException bad => Rejected(bad),
        IOException { InnerException: BadHttpRequestException inner } => Rejected(inner),
        InvalidDataException invalid => (StatusCodes.Status400BadRequest, $"The request body is malformed: {invalid.Message}"),
        // Kestrel's chunked body reader, on a chunk size that overflows (20 hex digits): its only
        // IOException around an OverflowException.
        IOException { InnerException: OverflowException } => (StatusCodes.Status400BadRequest, "The request body's chunked framing is malformed: a chunk size is too large."),
        _ => null,
    };

    /// <summary>Kestrel's refusal of a request body: too large (413), too slow (408) or malformed (400).</summary>
    private static (int Status, string Message) Rejected(BadHttpRequestException bad) => (bad.StatusCode, bad.StatusCode switch
    {
        StatusCodes.Status413PayloadTooLarge => "The request body is too large.",
        StatusCodes.Status408RequestTimeout => "The request body arrived too slowly.",
        _ => $"The request is malformed: {bad.Message}",
    });
}
