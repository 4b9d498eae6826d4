using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tessera.Platform.Configuration;

/// <summary>
/// Turns a string from an environment variable or flag into the JSON value the schema expects at
/// that key: integers, numbers, booleans, strings; arrays as JSON or comma-separated; objects as JSON.
/// </summary>
internal static class ConfigValueParser
{
    public static bool TryParse(string raw, JsonObject schemaNode, ConfigSchema schema, out JsonNode? value, out string expected)
    {
        var types = schema.Types(schemaNode);
        expected = types.Count == 0 ? "any JSON value" : string.Join(" or ", types.Order(StringComparer.Ordinal));
        var trimmed = raw.Trim();

        if ((types.Contains("array") || types.Contains("object") || types.Count == 0) && trimmed.Length > 0 && trimmed[0] is '[' or '{')
        {
            if (TryParseJson(trimmed, out value) && (types.Count == 0
                || (value is JsonArray && types.Contains("array")) || (value is JsonObject && types.Contains("object"))))
            {
                return true;
            }
        }

        if (types.Contains("array"))
        {
            var items = schemaNode["items"] is JsonObject itemSchema ? schema.Resolve(itemSchema) : new JsonObject();
            var array = new JsonArray();
            foreach (var part in trimmed.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!TryParse(part, items, schema, out var item, out _))
                {
                    value = null;
                    return false;
                }

                array.Add(item);
            }

            value = array;
            return true;
        }

        if (types.Contains("boolean"))
        {
            switch (trimmed.ToLowerInvariant())
            {
                case "true" or "1":
                    value = JsonValue.Create(true);
                    return true;
                case "false" or "0":
                    value = JsonValue.Create(false);
                    return true;
            }
        }

        if (types.Contains("integer") && long.TryParse(trimmed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            value = JsonValue.Create(integer);
            return true;
        }

        if (types.Contains("number") && double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            value = JsonValue.Create(number);
            return true;
        }

        if (types.Contains("string"))
        {
            value = JsonValue.Create(raw);
            return true;
        }

        if (types.Count == 0)
        {
            value = TryParseJson(trimmed, out var json) ? json : JsonValue.Create(raw);
            return true;
        }

        value = null;
        return false;
    }

    private static bool TryParseJson(string text, out JsonNode? value)
    {
        try
        {
            value = JsonNode.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            value = null;
            return false;
        }
    }
}
