namespace Tessera.Platform.Templates;

/// <summary>
/// A read-only map with string keys (Go's <c>map[string]T</c>). Ranging and printing visit keys in sorted
/// (ordinal) order, as Go does.
/// </summary>
public abstract class TemplateMap
{
    public abstract int Count { get; }

    public abstract bool TryGet(string key, out TemplateValue value);

    /// <summary>The keys in ordinal order.</summary>
    public abstract IReadOnlyList<string> SortedKeys();

    /// <summary>The value a missing key yields under <c>missingkey=zero</c> (the element type's zero value).</summary>
    public virtual TemplateValue ZeroValue => TemplateValue.Nil;

    public virtual string TypeName => "map[string]interface {}";

    /// <summary>A method of the map's type (e.g. http.Header's Get), which Go prefers to a key of the same name.</summary>
    public virtual TemplateMethod? Method(string name) => null;
}

/// <summary>A map over a dictionary of template values.</summary>
internal sealed class TemplateDictionaryMap(IReadOnlyDictionary<string, TemplateValue> entries) : TemplateMap
{
    private string[]? _sorted;

    public override int Count => entries.Count;

    public override bool TryGet(string key, out TemplateValue value) => entries.TryGetValue(key, out value);

    public override IReadOnlyList<string> SortedKeys()
    {
        if (_sorted is null)
        {
            var keys = entries.Keys.ToArray();
            Array.Sort(keys, StringComparer.Ordinal);
            _sorted = keys;
        }

        return _sorted;
    }
}

/// <summary>A map built during execution (sprig's dict, split), which sprig's set and unset may change.</summary>
internal sealed class TemplateMutableMap(string typeName = "map[string]interface {}") : TemplateMap
{
    public Dictionary<string, TemplateValue> Entries { get; } = new(StringComparer.Ordinal);

    public override int Count => Entries.Count;

    public override string TypeName => typeName;

    public override bool TryGet(string key, out TemplateValue value) => Entries.TryGetValue(key, out value);

    public override IReadOnlyList<string> SortedKeys()
    {
        var keys = Entries.Keys.ToArray();
        Array.Sort(keys, StringComparer.Ordinal);
        return keys;
    }
}
