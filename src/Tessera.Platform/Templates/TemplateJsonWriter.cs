using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Tessera.Platform.Templates;

/// <summary>Go's encoding/json for sprig's toJson/toPrettyJson/fromJson: sorted map keys, HTML-safe escapes, Go's float form.</summary>
internal static class TemplateJsonWriter
{
    /// <summary>The JSON text, or "" when a value cannot be encoded (NaN, ±Inf), as sprig swallows the error.</summary>
    public static string Write(TemplateValue value, bool indent, bool escapeHtml = true)
    {
        var builder = new StringBuilder();
        return Append(builder, value, indent ? 0 : -1, escapeHtml) ? builder.ToString() : "";
    }

    /// <summary>sprig's fromJson: a JSON object as a map; anything else (or bad JSON) is an empty map.</summary>
    public static TemplateValue Read(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return TemplateJson.From(document.RootElement.Clone());
            }
        }
        catch (JsonException)
        {
        }

        return TemplateValue.Map(new TemplateMutableMap());
    }

    private static bool Append(StringBuilder output, TemplateValue value, int depth, bool escapeHtml)
    {
        switch (value.Kind)
        {
            case TemplateKind.Missing or TemplateKind.Nil:
                output.Append("null");
                return true;
            case TemplateKind.Bool:
                output.Append(value.AsBool ? "true" : "false");
                return true;
            case TemplateKind.Int:
                output.Append(value.AsInt.ToString(CultureInfo.InvariantCulture));
                return true;
            case TemplateKind.Float:
            {
                var f = value.AsFloat;
                if (double.IsNaN(f) || double.IsInfinity(f))
                {
                    return false;
                }

                var abs = Math.Abs(f);
                var text = GoFormat.FormatFloat(f, abs != 0 && (abs < 1e-6 || abs >= 1e21) ? 'e' : 'f', -1);
                var n = text.Length;
                if (n >= 4 && text[n - 4] == 'e' && text[n - 3] == '-' && text[n - 2] == '0')
                {
                    text = text[..(n - 2)] + text[n - 1];
                }

                output.Append(text);
                return true;
            }

            case TemplateKind.String:
                AppendString(output, value.AsString, escapeHtml);
                return true;
            case TemplateKind.List:
            {
                var list = value.AsList;
                if (list.Count == 0)
                {
                    output.Append("[]");
                    return true;
                }

                output.Append('[');
                for (var i = 0; i < list.Count; i++)
                {
                    if (i > 0)
                    {
                        output.Append(',');
                    }

                    NewLine(output, Deeper(depth));
                    if (!Append(output, list[i], Deeper(depth), escapeHtml))
                    {
                        return false;
                    }
                }

                NewLine(output, depth);
                output.Append(']');
                return true;
            }

            case TemplateKind.Map:
            {
                var map = value.AsMap;
                var keys = map.SortedKeys();
                return AppendObject(output, keys, k => map.TryGet(k, out var v) ? v : default, depth, escapeHtml);
            }

            default:
            {
                var obj = value.AsObject;
                return AppendObject(output, obj.FieldNames, k => obj.TryGetField(k, out var v) ? v : default, depth, escapeHtml);
            }
        }
    }

    private static bool AppendObject(StringBuilder output, IReadOnlyList<string> keys, Func<string, TemplateValue> get, int depth, bool escapeHtml)
    {
        if (keys.Count == 0)
        {
            output.Append("{}");
            return true;
        }

        output.Append('{');
        for (var i = 0; i < keys.Count; i++)
        {
            if (i > 0)
            {
                output.Append(',');
            }

            NewLine(output, Deeper(depth));
            AppendString(output, keys[i], escapeHtml);
            output.Append(depth >= 0 ? ": " : ":");
            if (!Append(output, get(keys[i]), Deeper(depth), escapeHtml))
            {
                return false;
            }
        }

        NewLine(output, depth);
        output.Append('}');
        return true;
    }

    private static int Deeper(int depth) => depth < 0 ? -1 : depth + 1;

    private static void NewLine(StringBuilder output, int depth)
    {
        if (depth >= 0)
        {
            output.Append('\n').Append(' ', depth * 2);
        }
    }

    private static void AppendString(StringBuilder output, string s, bool escapeHtml)
    {
        output.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': output.Append("\\\""); break;
                case '\\': output.Append(@"\\"); break;
                case '\n': output.Append(@"\n"); break;
                case '\r': output.Append(@"\r"); break;
                case '\t': output.Append(@"\t"); break;
                case '\b': output.Append(@"\b"); break;
                case '\f': output.Append(@"\f"); break;
                case '<' or '>' or '&' when escapeHtml:
                case '\u2028' or '\u2029':
                    output.Append(@"\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default:
                    if (c < ' ')
                    {
                        output.Append(@"\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        output.Append(c);
                    }

                    break;
            }
        }

        output.Append('"');
    }
}
