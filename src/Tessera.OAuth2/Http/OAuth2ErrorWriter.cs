using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Tessera.OAuth2.Http;

/// <summary>Errors on the public listener in RFC 6749's shape: <c>{"error": "...", "error_description": "..."}</c>.</summary>
internal static class OAuth2ErrorWriter
{
    public static async Task WriteAsync(HttpContext context, int status, string message)
    {
        var error = status switch
        {
            StatusCodes.Status404NotFound => "not_found",
            StatusCodes.Status413PayloadTooLarge or StatusCodes.Status400BadRequest => "invalid_request",
            StatusCodes.Status401Unauthorized => "invalid_client",
            StatusCodes.Status502BadGateway => "insecure_transport",
            _ => "server_error",
        };
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.Pragma = "no-cache";
        await using var writer = new Utf8JsonWriter(context.Response.Body);
        writer.WriteStartObject();
        writer.WriteString("error", error);
        writer.WriteString("error_description", message);
        writer.WriteEndObject();
    }
}
