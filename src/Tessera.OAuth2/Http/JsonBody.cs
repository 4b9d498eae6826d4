using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Tessera.Platform.Hosting;

namespace Tessera.OAuth2.Http;

/// <summary>
/// Reads a JSON request body. Null means the body was unusable and a 400 in Ory's shape has been
/// written: the caller just returns.
/// </summary>
internal static class JsonBody
{
    public static async Task<JsonNode?> ReadAsync(HttpContext context)
    {
        try
        {
            var node = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            if (node is null)
            {
                await OryError.WriteAsync(context, StatusCodes.Status400BadRequest, "The request body must be a JSON value other than null.");
            }

            return node;
        }
        catch (JsonException e)
        {
            await OryError.WriteAsync(context, StatusCodes.Status400BadRequest, "The request body is not valid JSON.", $"Unable to decode the request body: {e.Message}");
            return null;
        }
    }

    public static async Task WriteAsync(HttpContext context, JsonNode node, int status = StatusCodes.Status200OK)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await using var body = JsonResponseWriter.Start(context.Response);
        var writer = body.Json;
        node.WriteTo(writer);
    }
}
