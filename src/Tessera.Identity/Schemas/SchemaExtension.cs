using System.Text.Json.Nodes;
using Tessera.Identity.Identities;

namespace Tessera.Identity.Schemas;

/// <summary>
/// What a schema's <c>ory.sh/kratos</c> extension says about its traits: which of them identify a
/// credential (<c>credentials.&lt;type&gt;.identifier: true</c>), and which are verifiable or recovery
/// addresses (<c>verification.via</c>, <c>recovery.via</c>). Read from the properties under
/// <c>properties.traits</c>, nested objects included.
/// </summary>
internal sealed class SchemaExtension
{
    public const string Key = "ory.sh/kratos";

    private readonly List<(string Type, string[] Path)> identifiers = [];
    private readonly List<(string Via, string[] Path)> verification = [];
    private readonly List<(string Via, string[] Path)> recovery = [];

    private SchemaExtension()
    {
    }

    /// <summary>The trait paths that identify credentials, per credential type, as <c>type:a.b</c> strings (for logs and tests).</summary>
    public IEnumerable<string> Describe() => identifiers.Select(i => $"{i.Type}:{string.Join('.', i.Path)}");

    public static SchemaExtension Read(JsonObject schema)
    {
        var extension = new SchemaExtension();
        if (schema["properties"] is JsonObject properties && properties["traits"] is JsonObject traits)
        {
            extension.Walk(traits, []);
        }

        return extension;
    }

    /// <summary>The identifiers <paramref name="traits"/> carry, lower-cased; a trait holding an array gives one per string item.</summary>
    public List<CredentialIdentifier> IdentifiersOf(JsonObject traits)
    {
        var result = new List<CredentialIdentifier>();
        foreach (var (type, path) in identifiers)
        {
            result.AddRange(ValuesAt(traits, path).Select(s => CredentialIdentifier.Of(type, s)));
        }

        return result.Distinct().ToList();
    }

    /// <summary>The verifiable addresses (<c>verification.via</c>) <paramref name="traits"/> carry, as (via, value); email values lower-cased, as Kratos normalizes them.</summary>
    public List<(string Via, string Value)> VerifiableAddressesOf(JsonObject traits) => AddressesOf(verification, traits);

    /// <summary>The recovery addresses (<c>recovery.via</c>) <paramref name="traits"/> carry, as (via, value).</summary>
    public List<(string Via, string Value)> RecoveryAddressesOf(JsonObject traits) => AddressesOf(recovery, traits);

    private static List<(string Via, string Value)> AddressesOf(List<(string Via, string[] Path)> marked, JsonObject traits)
    {
        var result = new List<(string, string)>();
        foreach (var (via, path) in marked)
        {
            result.AddRange(ValuesAt(traits, path).Select(s => (via, via == "email" ? s.Trim().ToLowerInvariant() : s.Trim())));
        }

        return result.Distinct().ToList();
    }

    /// <summary>The non-blank strings at <paramref name="path"/>: the trait itself, or the string items of an array.</summary>
    private static IEnumerable<string> ValuesAt(JsonObject traits, string[] path)
    {
        JsonNode? node = traits;
        foreach (var name in path)
        {
            node = node is JsonObject o ? o[name] : null;
        }

        var values = node switch
        {
            JsonValue v when v.TryGetValue<string>(out var s) => [s],
            JsonArray a => a.OfType<JsonValue>().Select(i => i.TryGetValue<string>(out var s) ? s : null).OfType<string>().ToList(),
            _ => new List<string>(),
        };
        return values.Where(s => s.Trim().Length > 0);
    }

    private void Walk(JsonObject schema, string[] path)
    {
        if (schema[Key] is JsonObject marks)
        {
            if (Via(marks["verification"]) is { } verifyVia)
            {
                verification.Add((verifyVia, path));
            }

            if (Via(marks["recovery"]) is { } recoverVia)
            {
                recovery.Add((recoverVia, path));
            }
        }

        if (schema[Key] is JsonObject kratos && kratos["credentials"] is JsonObject credentials)
        {
            foreach (var (type, settings) in credentials)
            {
                if (settings is JsonObject s && s["identifier"] is JsonValue flag && flag.TryGetValue<bool>(out var on) && on)
                {
                    identifiers.Add((type, path));
                }
            }
        }

        if (schema["properties"] is JsonObject properties)
        {
            foreach (var (name, child) in properties)
            {
                if (child is JsonObject c)
                {
                    Walk(c, [.. path, name]);
                }
            }
        }

        // An array of identifiers ("emails": [...]) carries the extension on its items.
        if (schema["items"] is JsonObject items)
        {
            Walk(items, path);
        }
    }

    private static string? Via(JsonNode? settings)
        => settings is JsonObject o && o["via"] is JsonValue v && v.TryGetValue<string>(out var via) && via.Length > 0 ? via : null;
}
