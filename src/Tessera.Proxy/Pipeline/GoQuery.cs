using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace Tessera.Proxy.Pipeline;

/// <summary>Go's <c>url.QueryEscape</c> (a space is <c>+</c>) and <c>url.Values.Encode</c> (keys sorted, each value escaped).</summary>
internal static class GoQuery
{
    public static string Escape(string text) => Uri.EscapeDataString(text).Replace("%20", "+", StringComparison.Ordinal);

    /// <summary>Go's <c>url.QueryUnescape</c>: <c>+</c> is a space, <c>%XX</c> a byte; null for a malformed escape (Go's error).</summary>
    public static string? Unescape(string text)
    {
        if (text.IndexOfAny(['%', '+']) < 0)
        {
            return text;
        }

        var bytes = new List<byte>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '+':
                    bytes.Add((byte)' ');
                    break;
                case '%' when i + 2 < text.Length && Uri.IsHexDigit(text[i + 1]) && Uri.IsHexDigit(text[i + 2]):
                    bytes.Add((byte)((Uri.FromHex(text[i + 1]) << 4) | Uri.FromHex(text[i + 2])));
                    i += 2;
                    break;
                case '%':
                    return null;
                default:
                    bytes.AddRange(Encoding.UTF8.GetBytes(text[i].ToString()));
                    break;
            }
        }

        return Encoding.UTF8.GetString([.. bytes]);
    }

    /// <summary>Parses <paramref name="rawQuery"/> and writes it again as Go's <c>URL.Query().Encode()</c> does.</summary>
    public static string Reencode(string rawQuery)
    {
        var output = new StringBuilder();
        foreach (var (key, values) in QueryHelpers.ParseQuery(rawQuery).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            foreach (var value in values)
            {
                output.Append(output.Length > 0 ? "&" : "").Append(Escape(key)).Append('=').Append(Escape(value ?? ""));
            }
        }

        return output.ToString();
    }
}
