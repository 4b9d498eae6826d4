using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Tessera.Platform.Hosting;

namespace Tessera.OAuth2.Http;

/// <summary>
/// Reads a JSON request body strictly (<see cref="JsonRequestBody"/>: duplicate members, lone
/// surrogates, invalid UTF-8 and nesting deeper than 64 are refused). Null means the body was unusable
/// and a 400 in Ory's shape has been written: the caller just returns.
/// </summary>
internal static class JsonBody
{
    public static async Task<JsonNode?> ReadAsync(HttpContext context)
    {
        var body = await JsonRequestBody.ReadAsync(context.Request, context.RequestAborted);
        if (body.Problem is not null || body.Empty)
        {
            await ProblemAsync(context, body.Problem ?? "the body is empty.");
            return null;
        }

        if (body.Value is null)
        {
            await OryError.WriteAsync(context, StatusCodes.Status400BadRequest, "The request body must be a JSON value other than null.");
        }

        return body.Value;
    }

    /// <summary>Answers a body that is not acceptable JSON with a 400 in Ory's shape.</summary>
    public static Task ProblemAsync(HttpContext context, string problem)
        => OryError.WriteAsync(context, StatusCodes.Status400BadRequest, "The request body is not valid JSON.", $"Unable to decode the request body: {problem}");

    public static async Task WriteAsync(HttpContext context, JsonNode node, int status = StatusCodes.Status200OK)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await using var body = JsonResponseWriter.Start(context.Response);
        var writer = body.Json;
        node.WriteTo(writer);
    }
}
