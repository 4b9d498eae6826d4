using System.Text.Json.Nodes;

namespace Tessera.OAuth2.Keys;

/// <summary>The outcome of writing keys: the keys as stored (with private members), or why nothing was written.</summary>
internal sealed record KeyWrite(IReadOnlyList<JsonObject> Keys, KeyError? Error)
{
    public static KeyWrite Stored(IReadOnlyList<JsonObject> keys) => new(keys, null);

    public static KeyWrite Refused(string message, string? reason = null) => new([], new KeyError(message, reason));
}
