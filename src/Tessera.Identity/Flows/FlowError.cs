using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;

namespace Tessera.Identity.Flows;

/// <summary>
/// An error as Kratos's herodot writes it: <c>{"error":{"id","code","status","reason","details","message"}}</c>,
/// with fields some errors add beside <c>error</c> (<c>use_flow_id</c>, <c>expired_at</c> …) in <see cref="Extra"/>.
/// <see cref="Message"/> is herodot's <c>error</c> field, written as <c>message</c>.
/// </summary>
internal sealed record FlowError(int Status, string Message, string? Reason = null, string? Id = null)
{
    /// <summary>herodot's details, in order.</summary>
    public JsonObject? Details { get; init; }

    /// <summary>Fields beside <c>error</c>.</summary>
    public JsonObject? Extra { get; init; }

    /// <summary>The <c>Retry-After</c> seconds to answer with (the login throttle's 429).</summary>
    public long? RetryAfterSeconds { get; init; }

    /// <summary>This error with one more detail (herodot's <c>WithDetail</c>).</summary>
    public FlowError WithDetail(string key, JsonNode? value)
    {
        var details = (JsonObject?)Details?.DeepClone() ?? [];
        details[key] = value;
        return this with { Details = details };
    }

    /// <summary>The error object itself (what an error container stores).</summary>
    public JsonObject ToErrorJson(string? requestId = null)
    {
        var error = new JsonObject();
        if (Id is not null)
        {
            error["id"] = Id;
        }

        error["code"] = Status;
        error["status"] = ReasonPhrases.GetReasonPhrase(Status);
        if (!string.IsNullOrEmpty(requestId))
        {
            error["request"] = requestId;
        }

        if (Reason is not null)
        {
            error["reason"] = Reason;
        }

        if (Details is { Count: > 0 })
        {
            error["details"] = Details.DeepClone();
        }

        error["message"] = Message;
        return error;
    }

    public JsonObject ToJson(string? requestId = null)
    {
        var json = new JsonObject { ["error"] = ToErrorJson(requestId) };
        if (Extra is not null)
        {
            foreach (var (key, value) in Extra)
            {
                json[key] = value?.DeepClone();
            }
        }

        return json;
    }

    public static FlowError BadRequest(string reason) => new(400, "The request was malformed or contained invalid parameters", reason);

    /// <summary>sqlcon's not-found error, which Kratos answers for an unknown flow or error id.</summary>
    public static FlowError NotFound => new(404, "Unable to locate the resource");

    public static FlowError Internal(string reason) => new(500, "An internal server error occurred, please contact the system administrator", reason);
}
