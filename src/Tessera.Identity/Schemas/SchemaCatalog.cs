using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tessera.Platform.Configuration;
using Tessera.Platform.Schema;

namespace Tessera.Identity.Schemas;

/// <summary>
/// The identity schemas of <c>identity.schemas</c>, loaded once at start (<c>file://</c> and
/// <c>base64://</c> URLs), and <c>identity.default_schema_id</c>. A schema that cannot be read or
/// compiled stops the start with a message naming it.
/// </summary>
internal sealed class SchemaCatalog
{
    private static readonly JsonSchemaOptions Options = new() { DefaultDraft = JsonSchemaDraft.Draft7, AssertFormat = true };

    private readonly SortedDictionary<string, IdentitySchema> schemas;

    private SchemaCatalog(SortedDictionary<string, IdentitySchema> schemas, string defaultId)
    {
        this.schemas = schemas;
        DefaultId = defaultId;
    }

    /// <summary><c>identity.default_schema_id</c> (Kratos's default: <c>default</c>).</summary>
    public string DefaultId { get; }

    /// <summary>The schemas in id order.</summary>
    public IReadOnlyCollection<IdentitySchema> All => schemas.Values;

    public IdentitySchema? Find(string id) => schemas.GetValueOrDefault(id);

    /// <summary>The schema by its id or by its id in unpadded base64url, as Kratos writes ids in <c>schema_url</c>.</summary>
    public IdentitySchema? FindByUrlId(string id)
    {
        if (Find(id) is { } schema)
        {
            return schema;
        }

        try
        {
            return Find(Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(id)));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public static SchemaCatalog FromConfig(ConfigSnapshot config)
    {
        var schemas = new SortedDictionary<string, IdentitySchema>(StringComparer.Ordinal);
        if (config.Get("identity.schemas") is JsonArray entries)
        {
            foreach (var entry in entries.OfType<JsonObject>())
            {
                var id = (string)entry["id"]!;
                var url = (string)entry["url"]!;
                if (!schemas.TryAdd(id, Load(id, url)))
                {
                    throw new ConfigException($"identity.schemas: the id \"{id}\" is given twice.");
                }
            }
        }

        var defaultId = config.GetString("identity.default_schema_id") ?? "default";
        if (schemas.Count > 0 && !schemas.ContainsKey(defaultId))
        {
            throw new ConfigException($"identity.default_schema_id: no schema in identity.schemas has the id \"{defaultId}\".");
        }

        return new SchemaCatalog(schemas, defaultId);
    }

    private static IdentitySchema Load(string id, string url)
    {
        string text;
        try
        {
            text = url switch
            {
                _ when url.StartsWith("base64://", StringComparison.Ordinal) => Encoding.UTF8.GetString(DecodeBase64(url["base64://".Length..])),
                _ when url.StartsWith("file://", StringComparison.Ordinal) => File.ReadAllText(new Uri(url).LocalPath),
                _ => throw new ConfigException($"identity.schemas \"{id}\": {url} is not supported; use file:// or base64://."),
            };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or UriFormatException)
        {
            throw new ConfigException($"identity.schemas \"{id}\": cannot read {url}: {e.Message}", e);
        }

        JsonObject document;
        try
        {
            document = JsonNode.Parse(text) as JsonObject ?? throw new ConfigException($"identity.schemas \"{id}\": the schema must be a JSON object.");
        }
        catch (JsonException e)
        {
            throw new ConfigException($"identity.schemas \"{id}\": the schema is not JSON: {e.Message}", e);
        }

        try
        {
            return new IdentitySchema(id, document, JsonSchema.Compile(document, Options), SchemaExtension.Read(document));
        }
        catch (JsonSchemaException e)
        {
            throw new ConfigException($"identity.schemas \"{id}\": {e.Message}", e);
        }
    }

    /// <summary>Standard or URL-safe base64, padded or not, as Ory's <c>base64://</c> loader takes.</summary>
    internal static byte[] DecodeBase64(string text)
    {
        var standard = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(standard.PadRight(standard.Length + ((4 - (standard.Length % 4)) % 4), '='));
    }
}
