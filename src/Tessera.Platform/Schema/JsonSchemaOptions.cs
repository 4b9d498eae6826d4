using System.Text.Json.Nodes;

namespace Tessera.Platform.Schema;

/// <summary>How a schema is compiled.</summary>
public sealed class JsonSchemaOptions
{
    /// <summary>The draft for schemas whose <c>$schema</c> does not name one.</summary>
    public JsonSchemaDraft DefaultDraft { get; init; } = JsonSchemaDraft.Draft202012;

    /// <summary>Whether <c>format</c> fails validation (true) or is only an annotation (false, the 2020-12 default).</summary>
    public bool AssertFormat { get; init; }

    /// <summary>Documents that <c>$ref</c> may point to, by absolute URI. Nothing is ever fetched over a network.</summary>
    public IReadOnlyDictionary<string, JsonNode> Remotes { get; init; } = new Dictionary<string, JsonNode>();

    /// <summary>The base URI of the root schema when it has no <c>$id</c>.</summary>
    public Uri? BaseUri { get; init; }
}
