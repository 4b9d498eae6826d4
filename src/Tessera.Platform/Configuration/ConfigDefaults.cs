using System.Text.Json.Nodes;

namespace Tessera.Platform.Configuration;

/// <summary>Materialises the schema's <c>default</c> values into the merged tree where keys are missing.</summary>
internal static class ConfigDefaults
{
    public static void Apply(ConfigSchema schema, JsonObject schemaNode, JsonObject instance)
    {
        foreach (var name in schema.PropertyNames(schemaNode))
        {
            var property = schema.Property(schemaNode, name);
            if (property is null)
            {
                continue;
            }

            if (instance.TryGetPropertyValue(name, out var existing))
            {
                if (existing is JsonObject child)
                {
                    Apply(schema, property, child);
                }

                continue;
            }

            if (property["default"] is { } value)
            {
                instance[name] = value.DeepClone();
                continue;
            }

            var created = new JsonObject();
            Apply(schema, property, created);
            if (created.Count > 0)
            {
                instance[name] = created;
            }
        }
    }
}
