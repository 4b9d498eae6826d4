using System.Text.Json.Nodes;

namespace Tessera.Platform.Schema;

/// <summary>
/// The state of one validation run: the errors found, the dynamic scope for <c>$dynamicRef</c>, and a
/// guard against references that loop without consuming the instance.
/// </summary>
internal sealed class Evaluation
{
    private readonly List<SchemaNode> scope = [];
    private readonly HashSet<(SchemaNode, JsonNode?, string)> active = [];
    private readonly Func<Uri, string, SchemaNode?> dynamicAnchor;

    public Evaluation(bool assertFormat, Func<Uri, string, SchemaNode?> dynamicAnchor)
    {
        AssertFormat = assertFormat;
        this.dynamicAnchor = dynamicAnchor;
    }

    public List<JsonSchemaError> Errors { get; private set; } = [];

    public bool AssertFormat { get; }

    public void Fail(string instancePath, string schemaLocation, string keyword, string message)
        => Errors.Add(new JsonSchemaError(instancePath, schemaLocation + "/" + keyword, keyword, message));

    /// <summary>Runs <paramref name="evaluate"/> with errors collected apart, for applicators that decide from several outcomes.</summary>
    public (bool Valid, List<JsonSchemaError> Errors) Quietly(Func<bool> evaluate)
    {
        var outer = Errors;
        var inner = new List<JsonSchemaError>();
        Errors = inner;
        try
        {
            return (evaluate(), inner);
        }
        finally
        {
            Errors = outer;
        }
    }

    public bool EnterScope(SchemaNode node)
    {
        if (scope.Count > 0 && scope[^1].BaseUri == node.BaseUri)
        {
            return false;
        }

        scope.Add(node);
        return true;
    }

    public void LeaveScope() => scope.RemoveAt(scope.Count - 1);

    /// <summary>The outermost schema resource in the dynamic scope that has the dynamic anchor, else the static target.</summary>
    public SchemaNode ResolveDynamic(string anchor, SchemaNode staticTarget)
    {
        foreach (var entry in scope)
        {
            if (dynamicAnchor(entry.BaseUri, anchor) is { } found)
            {
                return found;
            }
        }

        return staticTarget;
    }

    /// <summary>Evaluates a reference unless the same schema is already being applied to the same instance location (an infinite loop).</summary>
    public bool Guard(SchemaNode target, JsonNode? instance, string instancePath, Func<bool> evaluate)
    {
        var key = (target, instance, instancePath);
        if (!active.Add(key))
        {
            return true;
        }

        try
        {
            return evaluate();
        }
        finally
        {
            active.Remove(key);
        }
    }
}
