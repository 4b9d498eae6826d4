using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tessera.Platform.Schema;

internal sealed partial class SchemaNode
{
    private bool EvaluateScalar(JsonNode? instance, string path, Evaluation evaluation)
    {
        var valid = true;
        if (Types is not null && !Types.Any(t => HasType(instance, t)))
        {
            valid = false;
            evaluation.Fail(path, Location, "type", $"must be of type {string.Join(" or ", Types.Order(StringComparer.Ordinal))}");
        }

        if (HasConst && !JsonEquality.AreEqual(instance, Const))
        {
            valid = false;
            evaluation.Fail(path, Location, "const", $"must be {JsonNumbers.Format(Const)}");
        }

        if (Enum is not null && !Enum.Any(candidate => JsonEquality.AreEqual(instance, candidate)))
        {
            valid = false;
            evaluation.Fail(path, Location, "enum", $"must be one of: {string.Join(", ", Enum.Select(JsonNumbers.Format))}");
        }

        if (instance is JsonValue value)
        {
            switch (value.GetValueKind())
            {
                case JsonValueKind.Number:
                    valid &= EvaluateNumber(value, path, evaluation);
                    break;
                case JsonValueKind.String:
                    valid &= EvaluateString(value.GetValue<string>(), path, evaluation);
                    break;
            }
        }

        return valid;
    }

    private bool EvaluateNumber(JsonValue value, string path, Evaluation evaluation)
    {
        var valid = true;
        if (Minimum is not null && JsonNumbers.Compare(value, Minimum) < 0)
        {
            valid = false;
            evaluation.Fail(path, Location, "minimum", $"must be >= {JsonNumbers.Format(Minimum)}");
        }

        if (Maximum is not null && JsonNumbers.Compare(value, Maximum) > 0)
        {
            valid = false;
            evaluation.Fail(path, Location, "maximum", $"must be <= {JsonNumbers.Format(Maximum)}");
        }

        if (ExclusiveMinimum is not null && JsonNumbers.Compare(value, ExclusiveMinimum) <= 0)
        {
            valid = false;
            evaluation.Fail(path, Location, "exclusiveMinimum", $"must be > {JsonNumbers.Format(ExclusiveMinimum)}");
        }

        if (ExclusiveMaximum is not null && JsonNumbers.Compare(value, ExclusiveMaximum) >= 0)
        {
            valid = false;
            evaluation.Fail(path, Location, "exclusiveMaximum", $"must be < {JsonNumbers.Format(ExclusiveMaximum)}");
        }

        if (MultipleOf is not null && !IsMultiple(value, MultipleOf))
        {
            valid = false;
            evaluation.Fail(path, Location, "multipleOf", $"must be a multiple of {JsonNumbers.Format(MultipleOf)}");
        }

        return valid;
    }

    private static bool IsMultiple(JsonValue value, JsonValue divisor)
    {
        var x = JsonNumbers.AsDecimal(value);
        var d = JsonNumbers.AsDecimal(divisor);
        if (x is not null && d is not null && d.Value != 0)
        {
            try
            {
                return x.Value % d.Value == 0;
            }
            catch (OverflowException)
            {
                // fall through to floating point
            }
        }

        var quotient = JsonNumbers.AsDouble(value) / JsonNumbers.AsDouble(divisor);
        return !double.IsInfinity(quotient) && Math.Abs(quotient - Math.Round(quotient)) < 1e-9;
    }

    private bool EvaluateString(string text, string path, Evaluation evaluation)
    {
        var valid = true;
        if (MinLength is not null || MaxLength is not null)
        {
            var length = CodePoints(text);
            if (length < MinLength)
            {
                valid = false;
                evaluation.Fail(path, Location, "minLength", string.Create(CultureInfo.InvariantCulture, $"must be at least {MinLength} characters long"));
            }

            if (length > MaxLength)
            {
                valid = false;
                evaluation.Fail(path, Location, "maxLength", string.Create(CultureInfo.InvariantCulture, $"must be at most {MaxLength} characters long"));
            }
        }

        if (Pattern is not null && !SchemaRegex.IsMatch(Pattern, text))
        {
            valid = false;
            evaluation.Fail(path, Location, "pattern", $"must match the pattern {PatternText}");
        }

        if (Format is not null && evaluation.AssertFormat && !FormatChecker.IsValid(Format, text))
        {
            valid = false;
            evaluation.Fail(path, Location, "format", $"must be a valid \"{Format}\"");
        }

        return valid;
    }

    private static int CodePoints(string text)
    {
        var count = 0;
        foreach (var _ in text.EnumerateRunes())
        {
            count++;
        }

        return count;
    }

    private static bool HasType(JsonNode? instance, string type)
    {
        var kind = instance?.GetValueKind() ?? JsonValueKind.Null;
        return type switch
        {
            "null" => kind == JsonValueKind.Null,
            "boolean" => kind is JsonValueKind.True or JsonValueKind.False,
            "object" => kind == JsonValueKind.Object,
            "array" => kind == JsonValueKind.Array,
            "string" => kind == JsonValueKind.String,
            "number" => kind == JsonValueKind.Number,
            "integer" => kind == JsonValueKind.Number && JsonNumbers.IsInteger(instance!.AsValue()),
            _ => false,
        };
    }
}
