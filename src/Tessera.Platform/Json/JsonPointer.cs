using System.Globalization;
using System.Text;

namespace Tessera.Platform.Json;

/// <summary>An RFC 6901 JSON Pointer split into its unescaped reference tokens.</summary>
internal sealed class JsonPointer
{
    private JsonPointer(string text, IReadOnlyList<string> tokens)
    {
        Text = text;
        Tokens = tokens;
    }

    public string Text { get; }

    /// <summary>The reference tokens with <c>~1</c> and <c>~0</c> undone; empty for the whole document.</summary>
    public IReadOnlyList<string> Tokens { get; }

    public bool IsRoot => Tokens.Count == 0;

    public static JsonPointer Parse(string text)
    {
        if (text.Length == 0)
        {
            return new JsonPointer(text, []);
        }

        if (text[0] != '/')
        {
            throw new JsonPatchException($"JSON Pointer \"{text}\" must be empty or start with '/'.");
        }

        var tokens = new List<string>();
        foreach (var raw in text[1..].Split('/'))
        {
            tokens.Add(Unescape(raw, text));
        }

        return new JsonPointer(text, tokens);
    }

    /// <summary>True when this pointer names a member or element strictly inside <paramref name="other"/>'s target.</summary>
    public bool IsInside(JsonPointer other)
        => Tokens.Count > other.Tokens.Count && other.Tokens.Select((t, i) => t == Tokens[i]).All(same => same);

    /// <summary>An array index per RFC 6901: digits without a leading zero. Null when the token is not one.</summary>
    public static int? ArrayIndex(string token)
    {
        if (token.Length == 0 || (token.Length > 1 && token[0] == '0') || !token.All(char.IsAsciiDigit))
        {
            return null;
        }

        return int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? index : null;
    }

    public override string ToString() => Text;

    private static string Unescape(string raw, string pointer)
    {
        if (!raw.Contains('~'))
        {
            return raw;
        }

        var builder = new StringBuilder(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] != '~')
            {
                builder.Append(raw[i]);
                continue;
            }

            builder.Append(i + 1 < raw.Length ? raw[i + 1] switch
            {
                '0' => '~',
                '1' => '/',
                _ => throw new JsonPatchException($"JSON Pointer \"{pointer}\" has '~' not followed by 0 or 1."),
            } : throw new JsonPatchException($"JSON Pointer \"{pointer}\" ends with a lone '~'."));
            i++;
        }

        return builder.ToString();
    }
}
