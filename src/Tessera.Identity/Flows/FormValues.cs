using System.Globalization;
using System.Text.Json.Nodes;
using Tessera.Identity.Schemas;

namespace Tessera.Identity.Flows;

/// <summary>
/// A urlencoded form's values are strings; as Kratos's decoder does with the schema at hand, the traits
/// the schema types as numbers, integers or booleans are read as such (a value that does not read stays
/// a string, for validation to refuse).
/// </summary>
internal static class FormValues
{
    public static void Coerce(JsonObject traits, IdentitySchema schema)
    {
        if (schema.Document["properties"] is JsonObject properties && properties["traits"] is JsonObject traitsSchema)
        {
            Coerce(traits, traitsSchema);
        }
    }

    private static void Coerce(JsonObject values, JsonObject schema)
    {
        if (schema["properties"] is not JsonObject properties)
        {
            return;
        }

        foreach (var name in values.Select(p => p.Key).ToList())
        {
            if (properties[name] is not JsonObject property)
            {
                continue;
            }

            switch (values[name])
            {
                case JsonObject child:
                    Coerce(child, property);
                    break;
                case JsonValue value when value.TryGetValue<string>(out var text):
                    values[name] = (property["type"] as JsonValue)?.GetValue<string>() switch
                    {
                        "integer" when long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) => l,
                        "number" when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
                        "boolean" when bool.TryParse(text, out var b) => b,
                        _ => text,
                    };
                    break;
            }
        }
    }
}
