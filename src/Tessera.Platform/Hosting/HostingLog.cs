using Microsoft.Extensions.Logging;

namespace Tessera.Platform.Hosting;

/// <summary>Hosting's log events, ids 2000–2099.</summary>
internal static partial class HostingLog
{
    [LoggerMessage(2000, LogLevel.Information, "{Method} {Path} {Status} {DurationMs:F1}ms request={RequestId} listener={Listener}", EventName = "Request")]
    public static partial void Request(ILogger logger, string method, string path, int status, double durationMs, string requestId, string listener);

    [LoggerMessage(2001, LogLevel.Information, "Listening for {Service} {Listener} on {Address}", EventName = "Listening")]
    public static partial void Listening(ILogger logger, string service, string listener, string address);

    [LoggerMessage(2002, LogLevel.Information, "Shutting down: draining {Connections} open connection(s), at most {TimeoutSeconds}s", EventName = "ShuttingDown")]
    public static partial void ShuttingDown(ILogger logger, int connections, double timeoutSeconds);

    [LoggerMessage(2003, LogLevel.Information, "Stopped", EventName = "Stopped")]
    public static partial void Stopped(ILogger logger);

    [LoggerMessage(2004, LogLevel.Error, "Unhandled error answering {Method} {Path} (request {RequestId})", EventName = "UnhandledError")]
    public static partial void UnhandledError(ILogger logger, Exception exception, string method, string path, string requestId);

    [LoggerMessage(2005, LogLevel.Warning, "Rejected plain-HTTP request from {RemoteIp}: not from a trusted TLS terminator or without X-Forwarded-Proto: https", EventName = "InsecureRequestRejected")]
    public static partial void InsecureRequestRejected(ILogger logger, string remoteIp);

    [LoggerMessage(2006, LogLevel.Warning, "Bad request: {Reason}", EventName = "BadRequest")]
    public static partial void BadRequest(ILogger logger, string reason);

    [LoggerMessage(2007, LogLevel.Information, "Closing {Connections} connection(s) that sent no request during the shutdown grace", EventName = "ClosingIdleConnections")]
    public static partial void ClosingIdleConnections(ILogger logger, int connections);
}
