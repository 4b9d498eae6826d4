using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Tessera.Platform.Hosting;
using Tessera.OAuth2.Protocol;

namespace Tessera.OAuth2.Http;

/// <summary>Errors on the public listener in RFC 6749's shape: <c>{"error": "...", "error_description": "..."}</c>.</summary>
internal static class OAuth2ErrorWriter
{
    /// <summary>Writes a protocol error as JSON with its status; <c>invalid_client</c> also gets a Basic challenge.</summary>
    public static async Task WriteAsync(HttpContext context, OAuth2Error error, string? state = null)
    {
        context.Response.StatusCode = error.Status;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.Pragma = "no-cache";
        if (error.Status == StatusCodes.Status401Unauthorized && error.Error == "invalid_client")
        {
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"oauth2\"";
        }

        await using var body = JsonResponseWriter.Start(context.Response);
        var writer = body.Json;
        writer.WriteStartObject();
        writer.WriteString("error", error.Error);
        writer.WriteString("error_description", error.Description);
        if (state is not null)
        {
            writer.WriteString("state", state);
        }

        writer.WriteEndObject();
    }

    public static async Task WriteAsync(HttpContext context, int status, string message)
    {
        var error = status switch
        {
            StatusCodes.Status404NotFound => "not_found",
            StatusCodes.Status401Unauthorized => "invalid_client",
            StatusCodes.Status502BadGateway => "insecure_transport",
            // 400, 405, 408, 413, 415, 431: the request itself is at fault.
            >= 400 and < 500 => "invalid_request",
            _ => "server_error",
        };
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.Pragma = "no-cache";
        await using var body = JsonResponseWriter.Start(context.Response);
        var writer = body.Json;
        writer.WriteStartObject();
        writer.WriteString("error", error);
        writer.WriteString("error_description", message);
        writer.WriteEndObject();
    }
}
