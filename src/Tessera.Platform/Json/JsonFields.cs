using System.Text.Json.Nodes;

namespace Tessera.Platform.Json;

/// <summary>
/// Lenient reads of typed members from JSON documents that are kept as <see cref="JsonObject"/>s
/// (a member of the wrong type reads as absent), and the writes that go with them.
/// </summary>
public static class JsonFields
{
    public static string? Text(JsonObject? json, string name) => json?[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public static bool Flag(JsonObject? json, string name) => json?[name] is JsonValue v && v.TryGetValue<bool>(out var b) && b;

    public static long Number(JsonObject? json, string name) => json?[name] is JsonValue v && v.TryGetValue<long>(out var n) ? n : 0;

    /// <summary>The string items of an array member; other items and other types are skipped.</summary>
    public static List<string> Strings(JsonObject? json, string name)
        => json?[name] is JsonArray a ? a.OfType<JsonValue>().Select(v => v.TryGetValue<string>(out var s) ? s : null).OfType<string>().ToList() : [];

    public static JsonArray Array(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());

    /// <summary>RFC 3339 in UTC with up to microsecond precision, as the admin APIs write times.</summary>
    public static string Time(DateTimeOffset value) => Rfc3339Time.Format(value);

    public static DateTimeOffset? ParseTime(string? text)
        => text is not null && Rfc3339Time.TryParse(text, out var t) ? t : null;
}
