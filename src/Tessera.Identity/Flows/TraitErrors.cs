using System.Globalization;
using System.Text.Json.Nodes;
using Tessera.Platform.Schema;

namespace Tessera.Identity.Flows;

/// <summary>
/// Schema validation errors as the messages Kratos puts on a form's nodes (<c>container.ParseError</c>):
/// a missing property is 4000002 "Property x is missing." on <c>traits.x</c>; minLength, maxLength,
/// minimum …, type, const, an email or tel format each its own id; anything else 4000001 with the
/// validator's message. The instance is validated as <c>{"traits": …}</c>, so locations start at traits.
/// </summary>
internal static class TraitErrors
{
    public static void AddTo(UiContainer ui, JsonObject document, IReadOnlyList<JsonSchemaError> errors)
    {
        foreach (var error in errors)
        {
            // The combinators repeat their branches' failures; Kratos reports the branches.
            if (error.Keyword is "allOf" or "anyOf" or "oneOf" or "properties" or "items" or "$ref")
            {
                continue;
            }

            var field = Dotted(error.InstanceLocation);
            if (error.Keyword == "required" && Quoted(error.Message) is { } missing)
            {
                ui.AddMessage(UiMessages.ValidationErrorRequired(missing), field.Length == 0 ? missing : field + "." + missing);
                continue;
            }

            var value = Resolve(document, error.InstanceLocation);
            ui.AddMessage(Translate(error, value), field);
        }
    }

    private static UiText Translate(JsonSchemaError error, JsonNode? value)
    {
        var limit = FirstNumber(error.Message);
        var text = value is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        var number = value is JsonValue n && n.TryGetValue<double>(out var d) ? d : double.NaN;
        return error.Keyword switch
        {
            "minLength" when text is not null => UiMessages.ErrorValidationMinLength((int)limit, new StringInfo(text).LengthInTextElements),
            "maxLength" when text is not null => UiMessages.ErrorValidationMaxLength((int)limit, new StringInfo(text).LengthInTextElements),
            "minimum" => UiMessages.ErrorValidationMinimum(limit, number),
            "maximum" => UiMessages.ErrorValidationMaximum(limit, number),
            "exclusiveMinimum" => UiMessages.ErrorValidationExclusiveMinimum(limit, number),
            "exclusiveMaximum" => UiMessages.ErrorValidationExclusiveMaximum(limit, number),
            "minItems" when value is JsonArray a => UiMessages.ErrorValidationMinItems((int)limit, a.Count),
            "maxItems" when value is JsonArray a => UiMessages.ErrorValidationMaxItems((int)limit, a.Count),
            "pattern" => UiMessages.ErrorValidationInvalidFormat(error.Message.Replace("must match the pattern ", "", StringComparison.Ordinal)),
            "type" => UiMessages.ErrorValidationWrongType(error.Message.Replace("must be of type ", "", StringComparison.Ordinal).Split(" or "), JsonTypeName(value)),
            "format" when error.Message.Contains("\"email\"", StringComparison.Ordinal) => UiMessages.ErrorValidationEmail(text ?? ""),
            "format" when error.Message.Contains("\"tel\"", StringComparison.Ordinal) => UiMessages.ErrorValidationPhone(text ?? ""),
            _ => UiMessages.ValidationErrorGeneric(error.Message),
        };
    }

    private static JsonNode? Resolve(JsonNode? node, string pointer)
    {
        foreach (var raw in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var token = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            node = node switch
            {
                JsonObject o => o[token],
                JsonArray a when int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < a.Count => a[i],
                _ => null,
            };
        }

        return node;
    }

    private static string JsonTypeName(JsonNode? value) => value switch
    {
        null => "null",
        JsonObject => "object",
        JsonArray => "array",
        JsonValue v when v.TryGetValue<string>(out _) => "string",
        JsonValue v when v.TryGetValue<bool>(out _) => "boolean",
        JsonValue v when v.TryGetValue<long>(out _) => "integer",
        _ => "number",
    };

    private static string Dotted(string pointer) => string.Join('.', pointer.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(s => s.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)));

    private static string? Quoted(string message)
    {
        var start = message.IndexOf('"', StringComparison.Ordinal);
        var end = start < 0 ? -1 : message.IndexOf('"', start + 1);
        return end > start ? message[(start + 1)..end] : null;
    }

    private static double FirstNumber(string message)
    {
        foreach (var word in message.Split(' '))
        {
            if (double.TryParse(word, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                return number;
            }
        }

        return -1;
    }
}
