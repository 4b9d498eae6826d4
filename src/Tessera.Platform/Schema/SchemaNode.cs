using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Tessera.Platform.Schema;

/// <summary>
/// One compiled schema object (or boolean schema). Its keywords are read once, at compile time, into
/// typed fields; <see cref="Evaluate"/> only walks those fields. The partial files split evaluation
/// by concern: scalars, objects, arrays, applicators.
/// </summary>
internal sealed partial class SchemaNode
{
    public SchemaNode(string location, Uri baseUri, JsonSchemaDraft draft)
    {
        Location = location;
        BaseUri = baseUri;
        Draft = draft;
    }

    public string Location { get; }

    public Uri BaseUri { get; }

    public JsonSchemaDraft Draft { get; }

    public bool? Boolean { get; set; }

    // References
    public SchemaNode? Ref { get; set; }

    public SchemaNode? DynamicRef { get; set; }

    public string? DynamicRefAnchor { get; set; }

    // Scalars
    public HashSet<string>? Types { get; set; }

    public JsonNode? Const { get; set; }

    public bool HasConst { get; set; }

    public JsonArray? Enum { get; set; }

    public JsonValue? MultipleOf { get; set; }

    public JsonValue? Minimum { get; set; }

    public JsonValue? Maximum { get; set; }

    public JsonValue? ExclusiveMinimum { get; set; }

    public JsonValue? ExclusiveMaximum { get; set; }

    public int? MinLength { get; set; }

    public int? MaxLength { get; set; }

    public Regex? Pattern { get; set; }

    public string? PatternText { get; set; }

    public string? Format { get; set; }

    // Objects
    public Dictionary<string, SchemaNode>? Properties { get; set; }

    public List<(Regex Regex, string Text, SchemaNode Schema)>? PatternProperties { get; set; }

    public SchemaNode? AdditionalProperties { get; set; }

    public SchemaNode? PropertyNames { get; set; }

    public List<string>? Required { get; set; }

    public int? MinProperties { get; set; }

    public int? MaxProperties { get; set; }

    public Dictionary<string, List<string>>? DependentRequired { get; set; }

    public Dictionary<string, SchemaNode>? DependentSchemas { get; set; }

    public SchemaNode? UnevaluatedProperties { get; set; }

    // Arrays
    public List<SchemaNode>? PrefixItems { get; set; }

    public SchemaNode? Items { get; set; }

    public SchemaNode? AdditionalItems { get; set; }

    public SchemaNode? Contains { get; set; }

    public int? MinContains { get; set; }

    public int? MaxContains { get; set; }

    public int? MinItems { get; set; }

    public int? MaxItems { get; set; }

    public bool UniqueItems { get; set; }

    public SchemaNode? UnevaluatedItems { get; set; }

    // Applicators
    public List<SchemaNode>? AllOf { get; set; }

    public List<SchemaNode>? AnyOf { get; set; }

    public List<SchemaNode>? OneOf { get; set; }

    public SchemaNode? Not { get; set; }

    public SchemaNode? If { get; set; }

    public SchemaNode? Then { get; set; }

    public SchemaNode? Else { get; set; }

    /// <summary>True when the instance satisfies this schema; failures are added to the evaluation's errors.</summary>
    public bool Evaluate(JsonNode? instance, string instancePath, Evaluation evaluation, Annotations annotations)
    {
        if (Boolean is { } constant)
        {
            if (!constant)
            {
                evaluation.Fail(instancePath, Location, "false", "no value is allowed here");
            }

            return constant;
        }

        var pushed = evaluation.EnterScope(this);
        try
        {
            var local = new Annotations();
            var valid = EvaluateReferences(instance, instancePath, evaluation, local);
            valid &= EvaluateScalar(instance, instancePath, evaluation);
            valid &= EvaluateApplicators(instance, instancePath, evaluation, local);
            if (instance is JsonObject obj)
            {
                valid &= EvaluateObject(obj, instancePath, evaluation, local);
            }
            else if (instance is JsonArray array)
            {
                valid &= EvaluateArray(array, instancePath, evaluation, local);
            }

            if (valid)
            {
                annotations.Merge(local);
            }

            return valid;
        }
        finally
        {
            if (pushed)
            {
                evaluation.LeaveScope();
            }
        }
    }

    private bool EvaluateReferences(JsonNode? instance, string instancePath, Evaluation evaluation, Annotations local)
    {
        var valid = true;
        if (Ref is not null)
        {
            valid &= evaluation.Guard(Ref, instance, instancePath, () => Ref.Evaluate(instance, instancePath, evaluation, local));
        }

        if (DynamicRef is not null)
        {
            var target = DynamicRefAnchor is null ? DynamicRef : evaluation.ResolveDynamic(DynamicRefAnchor, DynamicRef);
            valid &= evaluation.Guard(target, instance, instancePath, () => target.Evaluate(instance, instancePath, evaluation, local));
        }

        return valid;
    }

    internal static string Child(string path, string segment)
        => path + "/" + segment.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    internal static string Child(string path, int index)
        => path + "/" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
