using System.Text.Json.Nodes;

namespace Tessera.Platform.Schema;

/// <summary>
/// A compiled JSON Schema (draft-07 or 2020-12). Compile once, validate many times, from any thread.
/// </summary>
public sealed class JsonSchema
{
    internal const string DefaultBase = "https://schemas.tessera.invalid/root.json";

    private readonly SchemaNode root;
    private readonly SchemaCompiler compiler;
    private readonly bool assertFormat;

    private JsonSchema(SchemaNode root, SchemaCompiler compiler, bool assertFormat)
    {
        this.root = root;
        this.compiler = compiler;
        this.assertFormat = assertFormat;
    }

    public static JsonSchema Compile(JsonNode? schema, JsonSchemaOptions? options = null)
    {
        options ??= new JsonSchemaOptions();
        if (schema is null)
        {
            throw new JsonSchemaException("A schema must be an object or a boolean, not null.");
        }

        var draft = SchemaRegistry.DraftFrom(schema, options.DefaultDraft);
        var registry = new SchemaRegistry(Metaschemas.With(options.Remotes));
        registry.AddDocument(schema, options.BaseUri ?? new Uri(DefaultBase), draft);
        var compiler = new SchemaCompiler(registry, draft) { ValidationVocabulary = HasValidationVocabulary(schema, registry, draft) };
        try
        {
            var root = compiler.Compile(schema, "#");
            return new JsonSchema(root, compiler, options.AssertFormat);
        }
        catch (InvalidOperationException e)
        {
            throw new JsonSchemaException($"The schema is malformed: {e.Message}", e);
        }
        catch (FormatException e)
        {
            throw new JsonSchemaException($"The schema is malformed: {e.Message}", e);
        }
    }

    /// <summary>
    /// False when the schema's metaschema declares a <c>$vocabulary</c> without the validation vocabulary:
    /// then type, bounds, lengths and the like are not checked, only applicators.
    /// </summary>
    private static bool HasValidationVocabulary(JsonNode schema, SchemaRegistry registry, JsonSchemaDraft draft)
    {
        if (draft != JsonSchemaDraft.Draft202012 || schema is not JsonObject obj
            || obj["$schema"] is not JsonValue value || !value.TryGetValue<string>(out var metaUri)
            || !Uri.TryCreate(metaUri, UriKind.Absolute, out var uri)
            || registry.Resolve(uri, draft) is not JsonObject meta || meta["$vocabulary"] is not JsonObject vocabulary)
        {
            return true;
        }

        return vocabulary.ContainsKey(Metaschemas.ValidationVocabulary);
    }

    public JsonSchemaResult Validate(JsonNode? instance)
    {
        var evaluation = new Evaluation(assertFormat, DynamicAnchor);
        var valid = root.Evaluate(instance, "", evaluation, new Annotations());
        return new JsonSchemaResult(valid, valid ? [] : evaluation.Errors);
    }

    // $dynamicRef targets depend on the dynamic scope, so they are compiled on first use; the lock
    // keeps concurrent validations from compiling into the shared cache at once.
    private SchemaNode? DynamicAnchor(Uri resource, string name)
    {
        lock (compiler)
        {
            return compiler.DynamicAnchor(resource, name);
        }
    }
}
