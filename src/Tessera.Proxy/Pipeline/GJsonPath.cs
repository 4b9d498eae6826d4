using System.Text;
using System.Text.Json;

namespace Tessera.Proxy.Pipeline;

/// <summary>
/// The part of GJSON's path syntax that Oathkeeper configs use (<c>subject_from</c>, <c>extra_from</c>):
/// dotted keys (<c>identity.traits.email</c>), <c>\.</c> for a dot inside a key, an array index
/// (<c>roles.0</c>), <c>#</c> for an array's length, <c>#.key</c> for the key of every element (an array),
/// and <c>@this</c> for the whole document (Oathkeeper registers that modifier). Anything else GJSON knows
/// (wildcards, queries <c>#(…)</c>, other modifiers, multipaths, pipes) is refused when the config is read.
/// <see cref="Raw"/> gives what GJSON's <c>Result.Raw</c> gives: the JSON text found, or null when nothing is.
/// </summary>
internal sealed class GJsonPath
{
    private readonly string[] parts;

    private GJsonPath(string text, string[] parts)
    {
        Text = text;
        this.parts = parts;
    }

    public string Text { get; }

    /// <summary>Parses <paramref name="text"/>; null with <paramref name="problem"/> set when it uses syntax outside the subset.</summary>
    public static GJsonPath? TryParse(string text, out string? problem)
    {
        problem = null;
        var parts = new List<string>();
        var current = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\\' && i + 1 < text.Length)
            {
                current.Append(text[++i]);
            }
            else if (c == '.')
            {
                parts.Add(current.ToString());
                current.Clear();
            }
            else if (c is '*' or '?' or '|' or '[' or '{' or '(' or '!' || (c == '@' && current.Length == 0 && !text.AsSpan(i).StartsWith("@this", StringComparison.Ordinal)))
            {
                problem = $"uses GJSON syntax Tessera does not support ('{c}' at position {i + 1}); supported: dotted keys, \\. in a key, array index, #, #.key, @this";
                return null;
            }
            else
            {
                current.Append(c);
            }
        }

        parts.Add(current.ToString());
        return new GJsonPath(text, [.. parts]);
    }

    /// <summary>The JSON text at this path in <paramref name="document"/>, or null when the path finds nothing.</summary>
    public string? Raw(JsonElement document) => Find(document, 0);

    private string? Find(JsonElement node, int index)
    {
        if (index == parts.Length)
        {
            return node.GetRawText();
        }

        var part = parts[index];
        if (part == "@this")
        {
            return Find(node, index + 1);
        }

        if (node.ValueKind == JsonValueKind.Array)
        {
            if (part == "#")
            {
                if (index + 1 == parts.Length)
                {
                    return node.GetArrayLength().ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                var found = new List<string>();
                foreach (var item in node.EnumerateArray())
                {
                    if (Find(item, index + 1) is { } raw)
                    {
                        found.Add(raw);
                    }
                }

                return "[" + string.Join(",", found) + "]";
            }

            return int.TryParse(part, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var i) && i < node.GetArrayLength()
                ? Find(node[i], index + 1)
                : null;
        }

        if (node.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in node.EnumerateObject())
            {
                if (property.NameEquals(part))
                {
                    return Find(property.Value, index + 1);
                }
            }
        }

        return null;
    }
}
