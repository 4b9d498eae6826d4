using System.Text.Json.Nodes;

namespace Tessera.Platform.Schema;

/// <summary>
/// Our own schemas of schemas for draft-07 and 2020-12, served at the official metaschema URIs so that
/// a schema may <c>$ref</c> them without any network access.
/// </summary>
internal static class Metaschemas
{
    public const string Draft7 = "http://json-schema.org/draft-07/schema";
    public const string Draft202012 = "https://json-schema.org/draft/2020-12/schema";
    public const string ValidationVocabulary = "https://json-schema.org/draft/2020-12/vocab/validation";

    private static readonly Lazy<IReadOnlyDictionary<string, string>> Texts = new(() => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Draft7] = Read("draft-07.json"),
        [Draft202012] = Read("draft2020-12.json"),
    });

    /// <summary>The caller's remotes plus the built-in metaschemas the caller did not supply.</summary>
    public static IReadOnlyDictionary<string, JsonNode> With(IReadOnlyDictionary<string, JsonNode> remotes)
    {
        var all = new Dictionary<string, JsonNode>(remotes, StringComparer.Ordinal);
        foreach (var (uri, text) in Texts.Value)
        {
            if (!all.ContainsKey(uri) && !all.ContainsKey(uri + "#"))
            {
                all[uri] = JsonNode.Parse(text)!;
            }
        }

        return all;
    }

    private static string Read(string name)
    {
        using var stream = typeof(Metaschemas).Assembly.GetManifestResourceStream("Metaschemas/" + name)
            ?? throw new InvalidOperationException($"Metaschema {name} is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
