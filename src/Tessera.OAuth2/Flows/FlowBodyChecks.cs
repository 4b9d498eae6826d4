using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tessera.OAuth2.Flows;

/// <summary>Type checks for the accept and reject bodies of the admin flow endpoints; each problem names the field.</summary>
internal static class FlowBodyChecks
{
    public static string? Problem(JsonObject body, IReadOnlyDictionary<string, JsonValueKind[]> fields)
    {
        foreach (var (name, kinds) in fields)
        {
            var node = body[name];
            var kind = node?.GetValueKind() ?? JsonValueKind.Null;
            if (kind != JsonValueKind.Null && !kinds.Contains(kind))
            {
                return $"Field '{name}' must be {Describe(kinds)}.";
            }

            if (kind == JsonValueKind.Array && kinds.Contains(JsonValueKind.Array) && node!.AsArray().Any(i => i?.GetValueKind() != JsonValueKind.String))
            {
                return $"Field '{name}' must be an array of strings.";
            }

            if (kind == JsonValueKind.Number && !(node!.AsValue().TryGetValue<long>(out var n) && n >= 0))
            {
                return $"Field '{name}' must be a non-negative whole number.";
            }
        }

        return null;
    }

    public static readonly JsonValueKind[] Text = [JsonValueKind.String];
    public static readonly JsonValueKind[] Flag = [JsonValueKind.True, JsonValueKind.False];
    public static readonly JsonValueKind[] Number = [JsonValueKind.Number];
    public static readonly JsonValueKind[] Strings = [JsonValueKind.Array];
    public static readonly JsonValueKind[] Object = [JsonValueKind.Object];
    public static readonly JsonValueKind[] Any = [JsonValueKind.Object, JsonValueKind.Array, JsonValueKind.String, JsonValueKind.Number, JsonValueKind.True, JsonValueKind.False];

    public static readonly IReadOnlyDictionary<string, JsonValueKind[]> Rejection = new Dictionary<string, JsonValueKind[]>
    {
        ["error"] = Text, ["error_description"] = Text, ["error_hint"] = Text, ["error_debug"] = Text, ["status_code"] = Number,
    };

    private static string Describe(JsonValueKind[] kinds)
        => kinds == Text ? "a string" : kinds == Flag ? "a boolean" : kinds == Number ? "a number" : kinds == Strings ? "an array of strings" : kinds == Object ? "an object" : "a JSON value";
}
