using System.Text.Json;

namespace Tessera.Platform.Json;

/// <summary>The member writes that the hand-written JSON codecs and responses share, beside <see cref="JsonReaderFields"/>.</summary>
public static class JsonWriterFields
{
    /// <summary>Writes <c>"name": [values…]</c>.</summary>
    public static void Strings(Utf8JsonWriter writer, string name, IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(values);
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    /// <summary>Writes <c>"name": "value"</c>, or nothing when the value is null.</summary>
    public static void OptionalText(Utf8JsonWriter writer, string name, string? value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }
}
