using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tessera.Proxy.Pipeline.Credentials;

/// <summary>
/// Reads JWT claims as Oathkeeper's Go code does (golang-jwt's <c>MapClaims</c> and ory/x's <c>jwtx</c>):
/// strings that are not strings are "", an audience is a string or a list of strings, times are numbers of
/// seconds (fractions cut off; 0 counts as absent), and the scope is the first of <c>scp</c>,
/// <c>scope</c>, <c>scopes</c> (a list, or a string split at spaces).
/// </summary>
internal static class JwtClaims
{
    private static readonly string[] ScopeClaims = ["scp", "scope", "scopes"];

    /// <summary>The claim when it is a string, else "".</summary>
    public static string Text(JsonObject claims, string name)
        => claims[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : "";

    /// <summary><c>aud</c>: a string is a one-item list; a list counts only when every item is a string.</summary>
    public static IReadOnlyList<string> Audience(JsonObject claims)
    {
        switch (claims["aud"])
        {
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                return [value.GetValue<string>()];
            case JsonArray list:
                var result = new List<string>(list.Count);
                foreach (var item in list)
                {
                    if (item is not JsonValue v || v.GetValueKind() != JsonValueKind.String)
                    {
                        return [];
                    }

                    result.Add(v.GetValue<string>());
                }

                return result;
            default:
                return [];
        }
    }

    /// <summary>
    /// A time claim in seconds since 1970, whole seconds: null when absent or 0; false in
    /// <paramref name="valid"/> when present but not a number.
    /// </summary>
    public static double? Seconds(JsonObject claims, string name, out bool valid)
    {
        valid = true;
        if (!claims.TryGetPropertyValue(name, out var node))
        {
            return null;
        }

        if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.Number || !value.TryGetValue<double>(out var seconds) || !double.IsFinite(seconds))
        {
            valid = false;
            return null;
        }

        return seconds == 0 ? null : Math.Floor(seconds);
    }

    /// <summary>
    /// The granted scopes and the claim they came from ("" when none of them is present). A list item that is
    /// not a string counts as ""; a string is split at every space, as Go's <c>strings.Split</c>.
    /// </summary>
    public static (IReadOnlyList<string> Scopes, string Claim) Scope(JsonObject claims)
    {
        foreach (var name in ScopeClaims)
        {
            if (!claims.TryGetPropertyValue(name, out var node))
            {
                continue;
            }

            return node switch
            {
                JsonArray list => (list.Select(i => i is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : "").ToList(), name),
                JsonValue v when v.GetValueKind() == JsonValueKind.String => (v.GetValue<string>() is { Length: > 0 } text ? text.Split(' ') : [], name),
                _ => ([], name),
            };
        }

        return ([], "");
    }
}
