using System.Text.Json;
using System.Text.Json.Nodes;
using Tessera.Platform.Json;

namespace Tessera.Identity.Storage;

/// <summary>
/// Parses a JSON document this service stored itself (traits, metadata, a flow's form and payloads). What is stored
/// holds request values nested up to <see cref="StrictJson.MaxDepth"/> inside the stored document's own structure
/// (a trait's value sits under <c>ui.nodes[].attributes.value</c>), so reading it back allows more depth than a
/// request may have: whatever was written must read again, or one hostile request makes a row a 500 for good.
/// </summary>
internal static class StoredJson
{
    /// <summary>A request's depth plus room for the structure stored around it.</summary>
    public const int MaxDepth = StrictJson.MaxDepth * 4;

    private static readonly JsonDocumentOptions Options = new() { MaxDepth = MaxDepth };

    public static JsonNode? Parse(string json) => JsonNode.Parse(json, documentOptions: Options);
}
