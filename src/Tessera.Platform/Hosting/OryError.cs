using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Tessera.Platform.Hosting;

/// <summary>Writes Ory's generic error body: <c>{"error":{"code":404,"status":"Not Found","message":"...","reason":"..."}}</c>.</summary>
public static class OryError
{
    public static async Task WriteAsync(HttpContext context, int status, string message, string? reason = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = "application/json; charset=utf-8";
        await using var body = JsonResponseWriter.Start(response);
        var writer = body.Json;
        writer.WriteStartObject();
        writer.WriteStartObject("error");
        writer.WriteNumber("code", status);
        writer.WriteString("status", ReasonPhrases.GetReasonPhrase(status));
        if (context.TraceIdentifier.Length > 0)
        {
            writer.WriteString("request", context.TraceIdentifier);
        }

        if (reason is not null)
        {
            writer.WriteString("reason", reason);
        }

        writer.WriteString("message", message);
        writer.WriteEndObject();
        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted);
    }
}
