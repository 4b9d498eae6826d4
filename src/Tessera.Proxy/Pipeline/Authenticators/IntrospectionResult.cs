using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tessera.Proxy.Pipeline.Authenticators;

/// <summary>
/// An RFC 7662 introspection answer as Oathkeeper decodes it: <c>active</c>, <c>ext</c> (an object), <c>sub</c>,
/// <c>username</c>, <c>aud</c> (a string or a list of strings), <c>token_type</c>, <c>iss</c>, <c>client_id</c>,
/// <c>scope</c>, <c>exp</c> (seconds) and <c>token_use</c>. A member of the wrong type makes the answer unreadable,
/// as Go's decoder refuses it; null or absent members keep their zero value; other members are ignored.
/// </summary>
internal sealed record IntrospectionResult(
    bool Active, JsonObject? Ext, string Subject, string Username, IReadOnlyList<string> Audience, string Issuer, string ClientId, string Scope, long Expires, string TokenUse)
{
    /// <summary>The answer, or null with <paramref name="problem"/> saying why it cannot be read.</summary>
    public static IntrospectionResult? Parse(byte[] body, out string? problem)
    {
        problem = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                problem = $"json: cannot unmarshal {root.ValueKind.ToString().ToLowerInvariant()} into the introspection result";
                return null;
            }

            var active = false;
            if (Member(root, "active") is { } a)
            {
                active = a.ValueKind is JsonValueKind.True or JsonValueKind.False ? a.GetBoolean() : throw Wrong("active", "bool");
            }

            JsonObject? ext = null;
            if (Member(root, "ext") is { } e)
            {
                ext = e.ValueKind == JsonValueKind.Object ? JsonNode.Parse(e.GetRawText())!.AsObject() : throw Wrong("ext", "map[string]interface {}");
            }

            var audience = new List<string>();
            if (Member(root, "aud") is { } aud)
            {
                if (aud.ValueKind == JsonValueKind.String)
                {
                    audience.Add(aud.GetString()!);
                }
                else if (aud.ValueKind == JsonValueKind.Array && aud.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String))
                {
                    audience.AddRange(aud.EnumerateArray().Select(v => v.GetString()!));
                }
                else
                {
                    throw new FormatException("Unsupported aud type, only string or []string are allowed");
                }
            }

            long expires = 0;
            if (Member(root, "exp") is { } exp && !exp.TryGetInt64(out expires))
            {
                throw Wrong("exp", "int64");
            }

            return new IntrospectionResult(active, ext, Text(root, "sub"), Text(root, "username"), audience, Text(root, "iss"), Text(root, "client_id"), Text(root, "scope"), expires,
                Text(root, "token_use"));
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            problem = e.Message;
            return null;
        }
    }

    /// <summary>Oathkeeper's session extra (built on <see cref="Ext"/>, which each parse makes anew): <c>ext</c> plus <c>username</c>, <c>client_id</c>, <c>scope</c> and (when present) <c>aud</c>.</summary>
    public JsonObject Extra()
    {
        var extra = Ext ?? [];
        extra["username"] = Username;
        extra["client_id"] = ClientId;
        extra["scope"] = Scope;
        if (Audience.Count > 0)
        {
            extra["aud"] = new JsonArray([.. Audience.Select(a => (JsonNode?)JsonValue.Create(a))]);
        }

        return extra;
    }

    private static JsonElement? Member(JsonElement root, string name)
        => root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    private static string Text(JsonElement root, string name) => Member(root, name) switch
    {
        null => "",
        { ValueKind: JsonValueKind.String } value => value.GetString()!,
        _ => throw Wrong(name, "string"),
    };

    private static FormatException Wrong(string name, string goType) => new($"json: cannot unmarshal the member \"{name}\" into Go value of type {goType}");
}
