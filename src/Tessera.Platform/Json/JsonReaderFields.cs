using System.Text.Json;

namespace Tessera.Platform.Json;

/// <summary>
/// Lenient reads of a member's value from a <see cref="Utf8JsonReader"/> standing on it, for the
/// codecs that read stored documents in one pass: a value of the wrong type is skipped and reads as
/// absent, like <see cref="JsonFields"/> does for documents.
/// </summary>
public static class JsonReaderFields
{
    public static string? Text(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString();
        }

        reader.Skip();
        return null;
    }

    public static bool Flag(ref Utf8JsonReader reader)
    {
        if (reader.TokenType is JsonTokenType.True or JsonTokenType.False)
        {
            return reader.GetBoolean();
        }

        reader.Skip();
        return false;
    }

    public static DateTimeOffset? Time(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String && reader.TryGetDateTimeOffset(out var time))
        {
            return time.ToUniversalTime();
        }

        reader.Skip();
        return null;
    }

    /// <summary>The string items of an array; other items are skipped, and empty strings too when <paramref name="dropEmpty"/>.</summary>
    public static List<string> Strings(ref Utf8JsonReader reader, bool dropEmpty = false)
    {
        var values = new List<string>();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return values;
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.String && reader.GetString() is { } value && !(dropEmpty && value.Length == 0))
            {
                values.Add(value);
            }
            else
            {
                reader.Skip();
            }
        }

        return values;
    }
}
