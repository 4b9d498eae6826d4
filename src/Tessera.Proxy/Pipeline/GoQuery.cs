using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace Tessera.Proxy.Pipeline;

/// <summary>Go's <c>url.QueryEscape</c> (a space is <c>+</c>) and <c>url.Values.Encode</c> (keys sorted, each value escaped).</summary>
internal static class GoQuery
{
    public static string Escape(string text) => Uri.EscapeDataString(text).Replace("%20", "+", StringComparison.Ordinal);

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
