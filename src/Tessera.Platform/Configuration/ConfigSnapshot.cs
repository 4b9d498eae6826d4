using System.Globalization;
using System.Text.Json.Nodes;
using Tessera.Platform.Persistence;

namespace Tessera.Platform.Configuration;

/// <summary>An immutable, validated configuration with typed accessors by dotted key path.</summary>
public sealed class ConfigSnapshot
{
    private readonly IReadOnlyDictionary<string, string> origins;

    internal ConfigSnapshot(JsonObject root, IReadOnlyDictionary<string, string> origins, ConfigSchema schema)
    {
        Root = root;
        this.origins = origins;
        Schema = schema;
    }

    /// <summary>The merged tree. Treat it as read-only; it is shared.</summary>
    public JsonObject Root { get; }

    public ConfigSchema Schema { get; }

    public JsonNode? Get(string keyPath)
    {
        JsonNode? node = Root;
        foreach (var segment in ConfigSchema.SplitPath(keyPath))
        {
            node = node is JsonObject obj ? obj[segment] : null;
            if (node is null)
            {
                return null;
            }
        }

        return node;
    }

    public string? GetString(string keyPath)
        => Get(keyPath) is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public int? GetInt(string keyPath)
    {
        if (Get(keyPath) is not JsonValue value || value.GetValueKind() != System.Text.Json.JsonValueKind.Number)
        {
            return null;
        }

        // Values may be backed by int, long or double depending on where they came from.
        return int.TryParse(value.ToJsonString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var result) ? result : null;
    }

    public bool? GetBool(string keyPath)
        => Get(keyPath) is JsonValue v && v.TryGetValue<bool>(out var b) ? b : null;

    /// <summary>A Go-style duration ("1h30m", "10s", "500ms").</summary>
    public TimeSpan? GetDuration(string keyPath)
        => GetString(keyPath) is { } text && GoDuration.TryParse(text, out var duration) ? duration : null;

    public IReadOnlyList<string> GetStrings(string keyPath)
        => Get(keyPath) is JsonArray array
            ? array.Select(item => item is JsonValue v && v.TryGetValue<string>(out var s) ? s : item?.ToJsonString() ?? "").ToList()
            : [];

    /// <summary>
    /// Where the value at <paramref name="keyPath"/> came from: a file, an env var, a flag or the default. A key inside an
    /// array or string a source set whole is that source's; a key a source did not set under an object it set (every
    /// member of which is recorded) is the default's, as the defaults filled it.
    /// </summary>
    public string Source(string keyPath)
        => ConfigOrigins.Nearest(origins, keyPath) is { } set && (set.Path == keyPath || Get(set.Path) is not JsonObject)
            ? set.Source
            : ConfigOrigins.Default;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"ConfigSnapshot({origins.Count} values)");
}
