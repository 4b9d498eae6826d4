using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Tessera.Platform.Configuration;
using Tessera.Platform.Outbound;
using Tessera.Platform.Schema;

namespace Tessera.Identity.Schemas;

/// <summary>
/// The identity schemas of <c>identity.schemas</c>, loaded once at start (<c>file://</c>,
/// <c>base64://</c> and <c>http(s)://</c> URLs, the last through the service's outbound client), and <c>identity.default_schema_id</c>. A schema that cannot be read or
/// compiled stops the start with a message naming it, and so does an empty <c>identity.schemas</c> outside <c>--dev</c>
/// (Kratos requires the key); with <c>--dev</c> it is <see cref="DevIdentitySchema"/>.
/// </summary>
internal sealed class SchemaCatalog
{
    /// <summary>A schema fetched over http(s) at start: at most 10 s and 1 MiB.</summary>
    private static readonly OutboundLimits FetchLimits = new(TimeSpan.FromSeconds(10), 1 << 20);

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

    /// <summary>The catalog of <c>identity.schemas</c>; <c>http(s)://</c> URLs are fetched through <paramref name="outbound"/>.</summary>
    public static async Task<SchemaCatalog> FromConfigAsync(ConfigSnapshot config, bool dev, OutboundHttpClient outbound, ILogger logger, CancellationToken ct)
    {
        var schemas = new SortedDictionary<string, IdentitySchema>(StringComparer.Ordinal);
        if (config.Get("identity.schemas") is JsonArray entries)
        {
            foreach (var entry in entries.OfType<JsonObject>())
            {
                var id = (string)entry["id"]!;
                var url = (string)entry["url"]!;
                if (!schemas.TryAdd(id, Compile(id, await ReadAsync(id, url, outbound, ct))))
                {
                    throw new ConfigException($"identity.schemas: the id \"{id}\" is given twice.");
                }
            }
        }

        var defaultId = config.GetString("identity.default_schema_id") ?? "default";
        if (schemas.Count == 0)
        {
            if (!dev)
            {
                throw new ConfigException("identity.schemas: at least one identity schema is required (an entry with an id and a file://, base64:// or http(s):// url), as in Kratos; --dev uses a built-in email and password schema instead.");
            }

            DevIdentitySchema.LogUsed(logger, defaultId);
            schemas.Add(defaultId, Compile(defaultId, DevIdentitySchema.Json));
        }
        else if (!schemas.ContainsKey(defaultId))
        {
            throw new ConfigException($"identity.default_schema_id: no schema in identity.schemas has the id \"{defaultId}\".");
        }

        return new SchemaCatalog(schemas, defaultId);
    }

    private static async Task<string> ReadAsync(string id, string url, OutboundHttpClient outbound, CancellationToken ct)
    {
        try
        {
            return url switch
            {
                _ when LocalUrl.IsFile(url) || LocalUrl.IsBase64(url) => (await LocalUrl.ReadTextAsync(url, ct))!,
                _ when url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
                    => Encoding.UTF8.GetString(await outbound.GetAsync($"identity.schemas[\"{id}\"].url", url, "application/json", FetchLimits, ct)),
                _ => throw new ConfigException($"identity.schemas \"{id}\": {url} is not supported; use file://, base64://, http:// or https://."),
            };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            throw new ConfigException($"identity.schemas \"{id}\": cannot read {url}: {e.Message}", e);
        }
        catch (OutboundFetchException e)
        {
            // The outbound client logged why; the start error names the key and the URL.
            throw new ConfigException($"identity.schemas \"{id}\": cannot fetch {url} ({e.Failure}).", e);
        }
    }

    private static IdentitySchema Compile(string id, string text)
    {
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
}
