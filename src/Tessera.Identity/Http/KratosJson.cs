using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Tessera.Identity.Identities;
using Tessera.Platform.Hosting;
using Tessera.Platform.Json;

namespace Tessera.Identity.Http;

/// <summary>
/// Request bodies and answers in Kratos's shapes: a body that is not acceptable JSON is a 400 with
/// Kratos's message, and every error is <c>{"error":{"code","status","reason","message"}}</c>.
/// </summary>
internal static class KratosJson
{
    /// <summary>
    /// Reading back what a view wrote: the document nests request values (traits, metadata: up to a request's depth)
    /// inside its own structure, so it may be deeper than a request may be.
    /// </summary>
    internal static readonly JsonDocumentOptions RenderedDocument = new() { MaxDepth = StrictJson.MaxDepth * 4 };

    /// <summary>The body as JSON; null when it was unusable and a 400 has been written.</summary>
    public static async Task<JsonNode?> ReadAsync(HttpContext context)
    {
        var body = await JsonRequestBody.ReadAsync(context.Request, context.RequestAborted);
        if (body.Problem is not null || body.Empty || body.Value is null)
        {
            await ErrorAsync(context, IdentityError.BadRequest($"Unable to decode JSON payload: {body.Problem ?? "the body is empty."}"));
            return null;
        }

        return body.Value;
    }

    public static Task ErrorAsync(HttpContext context, IdentityError error) => OryError.WriteAsync(context, error.Status, error.Message, error.Reason);

    /// <summary>An error as herodot's DefaultError (<c>{code, status, reason?, message}</c>), for errors inside an answer.</summary>
    public static JsonObject ErrorBody(IdentityError error)
    {
        var json = new JsonObject { ["code"] = error.Status, ["status"] = ReasonPhrases.GetReasonPhrase(error.Status) };
        if (error.Reason is not null)
        {
            json["reason"] = error.Reason;
        }

        json["message"] = error.Message;
        return json;
    }

    /// <summary>Writes <c>"name": time</c> as <see cref="Tessera.Platform.Json.JsonFields.Time"/> formats it, without a string in between.</summary>
    public static void WriteTime(Utf8JsonWriter writer, string name, DateTimeOffset value)
    {
        Span<char> text = stackalloc char[Rfc3339Time.MaxLength];
        writer.WriteString(name, text[..Rfc3339Time.Format(value, text)]);
    }

    public static async Task WriteAsync(HttpContext context, JsonNode node, int status = StatusCodes.Status200OK)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await using var body = JsonResponseWriter.Start(context.Response);
        node.WriteTo(body.Json);
    }
}
